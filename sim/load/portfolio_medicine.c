/*
 * portfolio_medicine.c — see portfolio_medicine.h.
 */
#include "portfolio_medicine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ML_HOSPITALS_MAX 1000000u

/* A mapping over all four injury classes, values in [0, 1]; sum_to_one
 * asks for a distribution. */
static int classes(ml_yr *y, yaml_node_t *n, const ml_fp *at, int sum_to_one, double *out)
{
    static const char *const keys[] = {"minor", "serious", "permanent", "death",
                                       "source", NULL};
    int rc = ml_yr_check_map_at(y, n, at, keys);
    double s = 0.0;
    for (int c = 0; !rc && c < ML_N_INJ; c++) {
        rc = ml_yr_number_at(y, n, ml_injury_name[c], at, 0, 1, 1, 0, &out[c]);
        s += out[c];
    }
    if (!rc && sum_to_one && fabs(s - 1.0) > 1e-9)
        return ml_yr_fail_at(y, n, at, "probabilities sum to %.12g; they must sum to 1", s);
    return rc;
}

int ml_load_medicine(ml_yr *y, yaml_node_t *m, const ml_fp *at, ml_portfolio *p)
{
    yaml_node_t *mix = ml_yr_get(y, m, "injury_mix");
    yaml_node_t *neg = ml_yr_get(y, m, "negligent_share");
    ml_fp fm = ml_fp_key(at, "injury_mix"), fn = ml_fp_key(at, "negligent_share");
    int rc;
    if (!mix && !neg)
        return ML_OK;
    if (!mix || !neg)
        return ml_yr_fail_at(y, mix ? mix : neg, mix ? &fn : &fm,
                             "injury_mix and negligent_share go together: give both");
    if ((rc = classes(y, mix, &fm, 1, p->injury_mix)) ||
        (rc = classes(y, neg, &fn, 0, p->negligent_share)))
        return rc;
    p->has_medicine = 1;
    return ML_OK;
}

int ml_load_specialty_mix(ml_yr *y, yaml_node_t *it, const ml_fp *at, ml_specialty *s)
{
    yaml_node_t *mix = ml_yr_get(y, it, "injury_mix");
    if (!mix)
        return ML_OK;
    ml_fp g = ml_fp_key(at, "injury_mix");
    s->has_mix = 1;
    return classes(y, mix, &g, 1, s->injury_mix);
}

int ml_load_hospital_extras(ml_yr *y, yaml_node_t *it, const ml_fp *at, ml_hospital *h)
{
    uint64_t count = 1;
    int rc;
    if ((rc = ml_yr_number_at(y, it, "beds", at, 0, 1e5, 0, 0, &h->beds)) ||
        (rc = ml_yr_string_at(y, it, "grade", at, 0, "", h->grade, sizeof h->grade)) ||
        (rc = ml_yr_uint_at(y, it, "count", at, 1, ML_HOSPITALS_MAX, 0, 1, &count)))
        return rc;
    h->count = (unsigned)count;
    return ML_OK;
}

/* Bytes of name to keep in an expanded name: at most 40, and never half
 * of a UTF-8 sequence (the text must stay valid UTF-8 to be read again). */
static int stem_len(const char *name)
{
    size_t n = strlen(name);
    if (n <= 40)
        return (int)n;
    n = 40;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

typedef struct {
    const char *name;
    size_t entry; /* index of the hospitals: entry it came from */
} named;

static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->entry > y->entry) - (x->entry < y->entry);
}

/* Expanded names (NAME-1 ... NAME-n, or a long name cut short) may meet a
 * name given in full elsewhere; hospitals must stay distinct by name, for
 * the results and for the resolved scenario to load again. */
static int check_unique(ml_yr *y, yaml_node_t *hs, const ml_fp *at, const ml_portfolio *p,
                        const size_t *entry_of)
{
    named *v = malloc(p->n_hospitals * sizeof *v);
    if (!v)
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    for (size_t h = 0; h < p->n_hospitals; h++)
        v[h] = (named){p->hospitals[h].name, entry_of[h]};
    qsort(v, p->n_hospitals, sizeof *v, cmp_named);
    int rc = ML_OK;
    for (size_t h = 1; h < p->n_hospitals && !rc; h++)
        if (!strcmp(v[h].name, v[h - 1].name)) {
            ml_fp f = ml_fp_item(at, v[h].entry);
            rc = ml_yr_fail_at(y, ml_yr_item(y, hs, v[h].entry), &f,
                            "hospital '%s' is named twice once counts are expanded (an "
                            "entry with count n stands for NAME-1 ... NAME-n, names cut "
                            "to 40 bytes); rename one", v[h].name);
        }
    free(v);
    return rc;
}

int ml_portfolio_expand(ml_yr *y, yaml_node_t *hs, const ml_fp *at, ml_portfolio *p)
{
    size_t total = 0;
    for (size_t h = 0; h < p->n_hospitals; h++)
        total += p->hospitals[h].count ? p->hospitals[h].count : 1;
    if (total == p->n_hospitals)
        return ML_OK;
    if (total > ML_HOSPITALS_MAX)
        return ml_yr_fail_at(y, hs, at, "%zu hospitals after expanding counts; at most %u",
                             total, ML_HOSPITALS_MAX);
    ml_hospital *out = calloc(total, sizeof *out);
    size_t *entry_of = malloc(total * sizeof *entry_of);
    if (!out || !entry_of) {
        free(out);
        free(entry_of);
        return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t h = 0; h < p->n_hospitals; h++) {
        ml_hospital *src = &p->hospitals[h];
        unsigned n = src->count ? src->count : 1;
        for (unsigned i = 0; i < n; i++, k++) {
            out[k] = *src;
            out[k].count = n == 1 ? 1 : i == 0 ? n : 0;
            entry_of[k] = h;
            if (n > 1)
                snprintf(out[k].name, sizeof out[k].name, "%.*s-%u", stem_len(src->name),
                         src->name, i + 1);
            out[k].exposure = malloc(p->n_specialties * sizeof(double));
            if (!out[k].exposure) {
                for (size_t j = 0; j < k; j++)
                    free(out[j].exposure);
                free(out);
                free(entry_of);
                return ML_ERROR(y->err, ML_ENOMEM, "out of memory");
            }
            memcpy(out[k].exposure, src->exposure, p->n_specialties * sizeof(double));
        }
    }
    for (size_t h = 0; h < p->n_hospitals; h++)
        free(p->hospitals[h].exposure);
    free(p->hospitals);
    p->hospitals = out;
    p->n_hospitals = total;
    int rc = check_unique(y, hs, at, p, entry_of);
    free(entry_of);
    return rc;
}
