/*
 * reinsurance.h — a reinsurance layer "limit xs attachment" and what it
 * takes from an amount.  The same function serves both kinds: a per-claim
 * excess-of-loss layer applies it to each claim's insured amount, an
 * aggregate stop-loss layer to the insurer's annual total.
 */
#ifndef ML_REINSURANCE_H
#define ML_REINSURANCE_H

#define ML_LAYER_NAME_MAX 64

typedef enum {
    ML_LAYER_XL,       /* per-claim excess of loss */
    ML_LAYER_STOP_LOSS /* aggregate stop loss on the annual insured loss */
} ml_layer_kind;

typedef struct {
    char name[ML_LAYER_NAME_MAX];
    ml_layer_kind kind;
    double attachment; /* currency; the layer pays above it */
    double limit;      /* currency; at most this much; may be +INFINITY */
} ml_layer;

/* The layer's share of amount x: min(max(x - attachment, 0), limit). */
static inline double ml_layer_ceded(const ml_layer *l, double x)
{
    double y = x - l->attachment;
    if (!(y > 0.0))
        return 0.0;
    return y < l->limit ? y : l->limit;
}

#endif
