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
    "calculate_gain",
    "check_bias_default",
    "check_embedding_normal",
    "check_grouped_fan_out",
    "check_linear_not_he",
    "check_relu_gain",
    "check_xavier_normal_is_std",
    "check_zero_init_symmetry",
    "conv2d_default_weight_bound",
    "conv_fan_in",
    "conv_fan_out",
    "embedding_default_init",
    "kaiming_normal_std",
    "kaiming_uniform_bound",
    "linear_default_bias_bound",
    "linear_default_weight_bound",
    "recover_scale",
    "replay_module",
    "resnet_conv_init_std",
    "sample_conv_groups",
    "xavier_normal_std",
    "xavier_normal_variance",
    "xavier_uniform_bound",
]
