"""Verifiers for the rnn deck: nn.RNN / nn.LSTM / nn.GRU shapes, parameter counts and weight
shapes, proj_size, packed sequences and an Embedding -> RNN -> Linear model, each answer
computed by building the layer in float64 and running it."""

from .counting import (
    derive_count,
    derive_name,
    derive_weight,
    param_count,
    param_name,
    sample_name,
    sample_weight,
    weight_shape,
)
from .flash_layers import (
    check_gate_blocks,
    check_notes_output_layer,
    check_proj_size,
    check_two_biases,
)
from .flash_sequences import (
    check_batch_first_states,
    check_enforce_sorted,
    check_h0_zeros,
    check_notes_loop,
)
from .packing import (
    derive_packed,
    derive_sizes,
    packed_batch_sizes,
    packed_shapes,
    sample_sizes,
)
from .pipeline import (
    derive_notes_rnn,
    derive_pipeline,
    embedding_pipeline,
    output_layer_weight,
    sample_notes_rnn,
)
from .projection import derive_proj, proj_shape, sample_proj
from .shapes import derive_rnn, derive_unbatched, hidden_shape, output_shape, unbatched_shape
from .slips_counts import count_slips, name_slips, notes_slips, proj_slips, weight_slips
from .slips_shapes import (
    final_slips,
    hidden_slips,
    output_slips,
    packed_slips,
    pipeline_slips,
    sizes_slips,
    unbatched_slips,
)
from .states import bidir_final_state, derive_final

__all__ = [
    "bidir_final_state",
    "check_batch_first_states",
    "check_enforce_sorted",
    "check_gate_blocks",
    "check_h0_zeros",
    "check_notes_loop",
    "check_notes_output_layer",
    "check_proj_size",
    "check_two_biases",
    "count_slips",
    "derive_count",
    "derive_final",
    "derive_name",
    "derive_notes_rnn",
    "derive_packed",
    "derive_pipeline",
    "derive_proj",
    "derive_rnn",
    "derive_sizes",
    "derive_unbatched",
    "derive_weight",
    "embedding_pipeline",
    "final_slips",
    "hidden_shape",
    "hidden_slips",
    "name_slips",
    "notes_slips",
    "output_layer_weight",
    "output_shape",
    "output_slips",
    "packed_batch_sizes",
    "packed_shapes",
    "packed_slips",
    "param_count",
    "param_name",
    "pipeline_slips",
    "proj_shape",
    "proj_slips",
    "sample_name",
    "sample_notes_rnn",
    "sample_proj",
    "sample_sizes",
    "sample_weight",
    "sizes_slips",
    "unbatched_shape",
    "unbatched_slips",
    "weight_shape",
    "weight_slips",
]
