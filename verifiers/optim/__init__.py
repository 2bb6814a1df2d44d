"""Verifiers for the optim deck: real torch.optim steps, optimizer state and LR schedulers,
traced step by step in float64."""

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
from .loop import final_lr, run_steps, scheduled_lrs
from .notes_checks import (
    check_adadelta_has_lr,
    check_no_optimizer_step_count,
    check_resume_needs_optimizer_state,
    check_rmsprop_has_momentum,
    check_sgd_lr_default,
    check_weight_decay_not_everywhere,
)
from .optimizer_slips import (
    adagrad_step_slips,
    adam_first_step_delta_slips,
    adam_step_slips,
    adamw_step_slips,
    decay_zero_grad_step_slips,
    rmsprop_step_slips,
    sgd_momentum_step_slips,
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
from .scheduler_slips import (
    cosine_annealing_lr_slips,
    exponential_lr_slips,
    lambda_lr_slips,
    multiplicative_lr_slips,
    multistep_lr_slips,
    onecycle_lr_slips,
    param_groups_lr_slips,
    step_lr_slips,
)
from .schedulers import (
    cosine_annealing_lr,
    derive_multiplicative,
    exponential_lr,
    lambda_lr,
    multiplicative_lr,
    multistep_lr,
    onecycle_lr,
    param_groups_lr,
    sample_cosine,
    sample_multistep,
    sample_onecycle,
    step_lr,
)
from .state import adam_state_moments, adam_state_step, optimizer_state_keys, sgd_state_buffer
from .state_slips import (
    adam_state_moments_slips,
    adam_state_step_slips,
    optimizer_state_keys_slips,
    sgd_state_buffer_slips,
)

__all__ = [
    "adagrad_step", "adagrad_step_slips", "adam_first_step_delta",
    "adam_first_step_delta_slips", "adam_state_moments", "adam_state_moments_slips",
    "adam_state_step", "adam_state_step_slips", "adam_step", "adam_step_slips", "adamw_step",
    "adamw_step_slips", "check_adadelta_has_lr", "check_adam_first_step_is_lr",
    "check_adamw_decoupled", "check_cosine_climbs_back", "check_momentum_form",
    "check_nesterov_needs_zero_dampening", "check_no_optimizer_step_count",
    "check_resume_needs_optimizer_state", "check_rmsprop_has_momentum",
    "check_scheduler_after_optimizer", "check_sgd_first_step_no_dampening",
    "check_sgd_lr_default", "check_weight_decay_not_everywhere", "check_zero_grad_none",
    "cosine_annealing_lr", "cosine_annealing_lr_slips", "decay_zero_grad_step",
    "decay_zero_grad_step_slips", "derive_multiplicative", "exponential_lr",
    "exponential_lr_slips", "final_lr", "lambda_lr", "lambda_lr_slips", "multiplicative_lr",
    "multiplicative_lr_slips", "multistep_lr", "multistep_lr_slips", "onecycle_lr",
    "onecycle_lr_slips", "optimizer_state_keys", "optimizer_state_keys_slips",
    "param_groups_lr", "param_groups_lr_slips", "rmsprop_step", "rmsprop_step_slips",
    "run_steps", "sample_cosine", "sample_multistep", "sample_onecycle", "sample_sgd",
    "scheduled_lrs", "sgd_momentum_step", "sgd_momentum_step_slips", "sgd_state_buffer",
    "sgd_state_buffer_slips", "step_lr", "step_lr_slips",
]
