"""Verifiers for the metrics deck: counts, rates, AUC and entropies computed with torch ops."""

from .count_slips import (
    accuracy_slips,
    confusion_cell_slips,
    confusion_entry_slips,
    f1_slips,
    fbeta_slips,
    precision_slips,
    recall_slips,
    specificity_slips,
    top_k_accuracy_slips,
)
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
    rare_positives,
)
from .samplers import (
    derive_rate,
    derive_unit,
    sample_binary,
    sample_counts,
    sample_dists,
    sample_multiclass,
    sample_topk,
)
from .score_slips import (
    distribution_cross_entropy_slips,
    entropy_slips,
    kl_divergence_slips,
    roc_auc_slips,
    roc_point_slips,
)
from .scores import distribution_cross_entropy, entropy, kl_divergence, roc_auc, roc_point

__all__ = [
    "accuracy", "accuracy_slips", "check_accuracy_imbalance", "check_auc_rank_only",
    "check_auc_ties", "check_cross_entropy_split", "check_f1_harmonic", "check_kl_asymmetric",
    "check_nats_bits", "check_specificity_tnr", "check_zero_division", "check_zh_terms",
    "confusion_cell", "confusion_cell_slips", "confusion_entry", "confusion_entry_slips",
    "derive_rate", "derive_unit", "distribution_cross_entropy",
    "distribution_cross_entropy_slips", "entropy", "entropy_slips", "f1", "f1_slips", "fbeta",
    "fbeta_slips", "kl_divergence", "kl_divergence_slips", "precision", "precision_slips",
    "rare_positives", "recall", "recall_slips", "roc_auc", "roc_auc_slips", "roc_point",
    "roc_point_slips", "sample_binary", "sample_counts", "sample_dists", "sample_multiclass",
    "sample_topk", "specificity", "specificity_slips", "top_k_accuracy", "top_k_accuracy_slips",
]
