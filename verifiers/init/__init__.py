"""Verifiers for the init deck: the exact bound or std that torch's initialisers draw from."""

from .flash import (
    check_bias_default,
    check_embedding_normal,
    check_grouped_fan_out,
    check_linear_not_he,
    check_relu_gain,
    check_xavier_normal_is_std,
    check_zero_init_symmetry,
)
from .layer_slips import (
    conv2d_default_weight_bound_slips,
    conv_fan_in_slips,
    conv_fan_out_slips,
    embedding_default_init_slips,
    linear_default_bias_bound_slips,
    linear_default_weight_bound_slips,
)
from .layers import (
    conv2d_default_weight_bound,
    conv_fan_in,
    conv_fan_out,
    embedding_default_init,
    linear_default_bias_bound,
    linear_default_weight_bound,
    sample_conv_groups,
)
from .replay import recover_scale, replay_module
from .scheme_slips import (
    calculate_gain_slips,
    kaiming_normal_std_slips,
    kaiming_uniform_bound_slips,
    resnet_conv_init_std_slips,
    xavier_normal_std_slips,
    xavier_normal_variance_slips,
    xavier_uniform_bound_slips,
)
from .schemes import (
    calculate_gain,
    kaiming_normal_std,
    kaiming_uniform_bound,
    resnet_conv_init_std,
    xavier_normal_std,
    xavier_normal_variance,
    xavier_uniform_bound,
)

__all__ = [
    "calculate_gain", "calculate_gain_slips", "check_bias_default", "check_embedding_normal",
    "check_grouped_fan_out", "check_linear_not_he", "check_relu_gain",
    "check_xavier_normal_is_std", "check_zero_init_symmetry", "conv2d_default_weight_bound",
    "conv2d_default_weight_bound_slips", "conv_fan_in", "conv_fan_in_slips", "conv_fan_out",
    "conv_fan_out_slips", "embedding_default_init", "embedding_default_init_slips",
    "kaiming_normal_std", "kaiming_normal_std_slips", "kaiming_uniform_bound",
    "kaiming_uniform_bound_slips", "linear_default_bias_bound",
    "linear_default_bias_bound_slips", "linear_default_weight_bound",
    "linear_default_weight_bound_slips", "recover_scale", "replay_module",
    "resnet_conv_init_std", "resnet_conv_init_std_slips", "sample_conv_groups",
    "xavier_normal_std", "xavier_normal_std_slips", "xavier_normal_variance",
    "xavier_normal_variance_slips", "xavier_uniform_bound", "xavier_uniform_bound_slips",
]
