"""Verifiers for the normalization deck: BatchNorm, LayerNorm, InstanceNorm and GroupNorm."""

from .flash import (
    check_buffers_not_parameters,
    check_instancenorm_defaults,
    check_layernorm_elementwise,
    check_train_vs_eval,
    check_unbiased_running_var,
)
from .layers import (
    LAYER_CODE,
    averaged_over,
    param_count,
    sample_layer,
    sample_param_count,
    sample_symbolic,
    state_dict_numel,
    stats_count,
    stats_group_size,
)
from .slips import (
    layernorm_output_slips,
    running_mean_slips,
    running_var_slips,
    train_output_slips,
)
from .statistics import (
    eval_output,
    layernorm_output,
    momentum_none,
    running_mean,
    running_var,
    sample_index,
    train_output,
)

__all__ = [
    "LAYER_CODE",
    "averaged_over",
    "check_buffers_not_parameters",
    "check_instancenorm_defaults",
    "check_layernorm_elementwise",
    "check_train_vs_eval",
    "check_unbiased_running_var",
    "eval_output",
    "layernorm_output",
    "layernorm_output_slips",
    "momentum_none",
    "param_count",
    "running_mean",
    "running_mean_slips",
    "running_var",
    "running_var_slips",
    "sample_index",
    "sample_layer",
    "sample_param_count",
    "sample_symbolic",
    "state_dict_numel",
    "stats_count",
    "stats_group_size",
    "train_output",
    "train_output_slips",
]
