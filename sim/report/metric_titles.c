/*
 * metric_titles.c — see metric_titles.h.  The groups answer, in turn: how
 * often injuries become claims, who of the injured is compensated, how
 * much is paid, what the compensation costs, who bears that cost, and how
 * long it takes.  test_report_plots_data checks that every metric of
 * metric_defs.c has a title here, so a new metric cannot reach a figure
 * under its raw key.
 */
#include "metric_titles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FREQ "Frequency per exposure unit"
#define ACCESS "Access to compensation"
#define MONEY "Amounts paid"
#define COST "Cost of compensating"
#define BORNE "Who bears the total cost (compensation + expenses)"
#define TIME "Time"
#define DEV "Payment pattern"

const ml_metric_title ml_metric_titles[] = {
    {"incidents_per_exposure", "Adverse events", FREQ, ML_MT_RATE},
    {"claims_per_exposure", "Claims", FREQ, ML_MT_RATE},
    {"paid_claims_per_exposure", "Paid claims", FREQ, ML_MT_RATE},
    {"negligent_compensated_share", "Negligent injuries compensated", ACCESS, ML_MT_SHARE},
    {"negligent_claim_share", "Claims that arise from negligent injuries", ACCESS,
     ML_MT_SHARE},
    {"negligent_per_claim", "Negligent injuries per claim", ACCESS, ML_MT_NUMBER},
    {"paid_share", "Claims paid", ACCESS, ML_MT_SHARE},
    {"paid_share_negligent", "Claims from negligent injuries paid", ACCESS, ML_MT_SHARE},
    {"paid_share_not_negligent", "Claims from other injuries paid", ACCESS, ML_MT_SHARE},
    {"litigation_share", "Claims reaching litigation", ACCESS, ML_MT_SHARE},
    {"mean_payment", "Mean payment per paid claim", MONEY, ML_MT_AMOUNT},
    {"mean_payment_negligent", "Mean payment, negligent injuries", MONEY, ML_MT_AMOUNT},
    {"mean_payment_not_negligent", "Mean payment, other injuries", MONEY, ML_MT_AMOUNT},
    {"fund_mean_award", "Mean no-fault fund award", MONEY, ML_MT_AMOUNT},
    {"patient_net_per_year", "Patients' net compensation per year", MONEY, ML_MT_AMOUNT},
    {"cost_per_year", "Total cost per year (compensation + expenses)", MONEY, ML_MT_AMOUNT},
    {"overhead_ratio", "Overhead: expenses per unit of compensation", COST, ML_MT_SHARE},
    {"patient_net_share", "Compensation kept by patients after their costs", COST,
     ML_MT_SHARE},
    {"unpaid_share", "Awards owed and never paid", COST, ML_MT_SHARE},
    {"negligent_expense_share", "Expenses spent on negligent injuries' claims", COST,
     ML_MT_SHARE},
    {"shifted_costs_ratio", "Claimants' costs paid by the defence", COST, ML_MT_SHARE},
    {"insured_share", "Hospitals' costs indemnified", COST, ML_MT_SHARE},
    {"borne_insurers", "Insurers", BORNE, ML_MT_SHARE},
    {"borne_state", "State indemnifier", BORNE, ML_MT_SHARE},
    {"borne_hospitals", "Hospitals themselves", BORNE, ML_MT_SHARE},
    {"borne_funds", "No-fault funds", BORNE, ML_MT_SHARE},
    {"borne_patients", "Patients (their legal costs)", BORNE, ML_MT_SHARE},
    {"mean_lag_months", "Mean time from incident to claim", TIME, ML_MT_MONTHS},
    {"mean_months", "Mean time from claim to closure", TIME, ML_MT_MONTHS},
    {"p90_months", "90th percentile, claim to closure", TIME, ML_MT_MONTHS},
    {"payment_months", "Mean time from incident to payment", TIME, ML_MT_MONTHS},
    {"paid_by_year_", "Compensation paid by development year %s", DEV, ML_MT_SHARE},
};
const size_t ml_n_metric_titles = sizeof ml_metric_titles / sizeof ml_metric_titles[0];

const ml_metric_title *ml_metric_title_find(const char *name, char *buf, size_t cap,
                                            const char **title, size_t *order)
{
    for (size_t i = 0; i < ml_n_metric_titles; i++) {
        const ml_metric_title *t = &ml_metric_titles[i];
        size_t len = strlen(t->name);
        int family = t->name[len - 1] == '_';
        if (family ? strncmp(name, t->name, len) || !name[len] : strcmp(name, t->name))
            continue;
        if (family) {
            snprintf(buf, cap, t->title, name + len);
            *title = buf;
        } else {
            *title = t->title;
        }
        *order = i;
        return t;
    }
    return NULL;
}

/* The amount measures (models/measures.h), for the measures figure. */
static const struct {
    const char *name, *title;
} measure_titles[] = {
    {"damages", "Assessed damages"},
    {"compensation", "Compensation paid"},
    {"expenses", "Expenses (defence, legal, appraisal, mediation)"},
    {"insured", "Paid by the indemnifier (insurer or state)"},
    {"retained", "Retained by hospitals"},
    {"patient_net", "Patients' net compensation"},
    {"fund_lump", "No-fault funds' lump sums"},
    {"fund_instalments", "No-fault funds' instalments"},
    {"fund_recovered", "Fund awards reimbursed by hospitals"},
    {"fund_expenses", "No-fault funds' own costs"},
    {"unpaid", "Awards never paid"},
    {"negligent_compensation", "Compensation, negligent injuries"},
    {"negligent_expenses", "Expenses, negligent injuries"},
    {"defence_costs", "Defence's own costs"},
    {"costs_shifted", "Claimants' costs paid by the defence"},
    {"state_paid", "Paid by a state indemnifier"},
};

const char *ml_measure_title(const char *name)
{
    for (size_t i = 0; i < sizeof measure_titles / sizeof measure_titles[0]; i++)
        if (!strcmp(measure_titles[i].name, name))
            return measure_titles[i].title;
    return name;
}

const char *ml_metric_kind_name(ml_metric_kind_shown k)
{
    static const char *const names[] = {"share", "amount", "rate", "months", "number"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "number";
}
