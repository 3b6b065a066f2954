/*
 * lever_find.h — what a run file's `levers:` entry names.  An entry is a
 * path relative to the run file, as it always was; an entry that is a bare
 * name (letters, digits, '_' and '-', no '/' or '.') and no file beside the
 * run file is the shipped lever of that name, ML_LEVERS_DIR/NAME.yaml
 * (scenarios/regimes/levers/ of the source tree this medliab was built
 * from), so `levers: [compulsory]` works from any folder.
 */
#ifndef ML_LEVER_FIND_H
#define ML_LEVER_FIND_H

#include "yamlread.h"

#include <stddef.h>

/* The file that entry `it` of y's `levers:` list means, into path (cap
 * bytes).  Fails, at the entry's line, for a bare name that is neither a
 * file beside y nor a shipped lever, listing the shipped levers; a path
 * that does not open is left to the lever's loader, which says why. */
int ml_lever_find(ml_yr *y, yaml_node_t *it, char *path, size_t cap);
/* The folder of the shipped levers. */
const char *ml_lever_dir(void);

#endif
