"""Verifiers for the autograd deck: gradients, leaves, accumulation, retain_graph, detach."""

from .flash import (
    check_detach_shares_memory,
    check_grads_accumulate,
    check_leaf_inplace,
    check_nonleaf_grad_none,
    check_scalar_backward_only,
)
from .gradients import (
    chain_rule,
    exp_log_grad,
    linear_grad,
    nonscalar_backward,
    poly_grad,
    product_grad,
    sample_index,
    sample_nonscalar,
    sum_squares_grad,
)
from .graph import accumulate_grad, detach_grad, is_leaf, requires_grad_result, retain_graph_raises

__all__ = [
    "accumulate_grad",
    "chain_rule",
    "check_detach_shares_memory",
    "check_grads_accumulate",
    "check_leaf_inplace",
    "check_nonleaf_grad_none",
    "check_scalar_backward_only",
    "detach_grad",
    "exp_log_grad",
    "is_leaf",
    "linear_grad",
    "nonscalar_backward",
    "poly_grad",
    "product_grad",
    "requires_grad_result",
    "retain_graph_raises",
    "sample_index",
    "sample_nonscalar",
    "sum_squares_grad",
]
