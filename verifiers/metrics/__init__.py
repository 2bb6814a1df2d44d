"""Verifiers for the metrics deck: counts, rates, AUC and entropies computed with torch ops."""

from ._common import sample_binary, sample_counts, sample_dists, sample_multiclass, sample_topk
from .counts import (
    accuracy,
    confusion_cell,
    confusion_entry,
    f1,
    fbeta,
    precision,
    recall,
    specificity,
    top_k_accuracy,
)
from .flash import (
    check_accuracy_imbalance,
    check_auc_rank_only,
    check_auc_ties,
    check_cross_entropy_split,
    check_f1_harmonic,
    check_kl_asymmetric,
    check_nats_bits,
    check_specificity_tnr,
    check_zero_division,
    check_zh_terms,
)
from .scores import distribution_cross_entropy, entropy, kl_divergence, roc_auc, roc_point

__all__ = [
    "accuracy",
    "check_accuracy_imbalance",
    "check_auc_rank_only",
    "check_auc_ties",
    "check_cross_entropy_split",
    "check_f1_harmonic",
    "check_kl_asymmetric",
    "check_nats_bits",
    "check_specificity_tnr",
    "check_zero_division",
    "check_zh_terms",
    "confusion_cell",
    "confusion_entry",
    "distribution_cross_entropy",
    "entropy",
    "f1",
    "fbeta",
    "kl_divergence",
    "precision",
    "recall",
    "roc_auc",
    "roc_point",
    "sample_binary",
    "sample_counts",
    "sample_dists",
    "sample_multiclass",
    "sample_topk",
    "specificity",
    "top_k_accuracy",
]
