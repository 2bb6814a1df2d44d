"""Verifiers for the optim deck: real torch.optim steps and LR schedulers, traced step by step."""

from ._common import run_steps
from .flash import (
    check_adam_first_step_is_lr,
    check_adamw_decoupled,
    check_cosine_climbs_back,
    check_momentum_form,
    check_nesterov_needs_zero_dampening,
    check_scheduler_after_optimizer,
    check_sgd_first_step_no_dampening,
    check_zero_grad_none,
)
from .optimizers import (
    adagrad_step,
    adam_first_step_delta,
    adam_step,
    adamw_step,
    decay_zero_grad_step,
    rmsprop_step,
    sample_sgd,
    sgd_momentum_step,
)
from .schedulers import (
    cosine_annealing_lr,
    exponential_lr,
    multistep_lr,
    onecycle_lr,
    sample_cosine,
    sample_multistep,
    sample_onecycle,
    scheduled_lrs,
    step_lr,
)

__all__ = [
    "adagrad_step",
    "adam_first_step_delta",
    "adam_step",
    "adamw_step",
    "check_adam_first_step_is_lr",
    "check_adamw_decoupled",
    "check_cosine_climbs_back",
    "check_momentum_form",
    "check_nesterov_needs_zero_dampening",
    "check_scheduler_after_optimizer",
    "check_sgd_first_step_no_dampening",
    "check_zero_grad_none",
    "cosine_annealing_lr",
    "decay_zero_grad_step",
    "exponential_lr",
    "multistep_lr",
    "onecycle_lr",
    "rmsprop_step",
    "run_steps",
    "sample_cosine",
    "sample_multistep",
    "sample_onecycle",
    "sample_sgd",
    "scheduled_lrs",
    "sgd_momentum_step",
    "step_lr",
]
