/*
 * injury.c — injury class names.
 */
#include "injury.h"

#include <string.h>

const char *const ml_injury_name[ML_N_INJ] = {"minor", "serious", "permanent", "death"};

int ml_injury_index(const char *name)
{
    for (int i = 0; i < ML_N_INJ; i++)
        if (!strcmp(name, ml_injury_name[i]))
            return i;
    return -1;
}
