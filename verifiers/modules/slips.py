"""Known slips of the modules deck: each redoes a card's rule with one classic mistake
(pure Python, no torch)."""

from __future__ import annotations

from quizapp.authoring import Params, Slip

from . import calling, saving
from .builders import pairs

# ---- counting -------------------------------------------------------------------------------


def mlp_slips(p: Params) -> list[Slip]:
    layers = pairs(p["sizes"])
    weights = sum(i * o for i, o in layers)
    if not p["bias"]:
        return [Slip("bias-counted", weights + sum(o for _, o in layers),
                     "counted biases although bias=False", "bias=False 却仍把偏置算了进去")]
    return [
        Slip("bias-forgotten", weights, "left out the biases", "漏算了偏置"),
        Slip("bias-per-input", weights + sum(i for i, _ in layers),
             "gave each layer one bias per input instead of per output",
             "把偏置个数当成输入特征数，而不是输出特征数"),
    ]


def state_dict_slips(p: Params) -> list[Slip]:
    depth, lin = p["depth"], 2 if p["bias"] else 1
    found = []
    if p["bn"]:
        found += [
            Slip("no-num-batches-tracked", depth * (lin + 4),
                 "forgot BatchNorm's num_batches_tracked buffer",
                 "忘了 BatchNorm 的 num_batches_tracked 缓冲区"),
            Slip("buffers-skipped", depth * (lin + 2),
                 "counted only parameters, not BatchNorm's buffers",
                 "只数了参数，没数 BatchNorm 的缓冲区"),
        ]
    if not p["bias"]:
        found.append(Slip("bias-counted", depth * (2 + 5 * p["bn"]),
                          "counted biases although bias=False", "bias=False 却仍把偏置算了进去"))
    return found


def shared_slips(p: Params) -> list[Slip]:
    w, r = p["width"], p["repeat"]
    if p["ask"] == "state_dict":
        return [Slip("state-dict-deduplicated", 4,
                     "thought state_dict() lists a shared layer once",
                     "以为 state_dict() 只记录共享层一次")]
    once = {"numel": w * w + w, "tensors": 2}[p["ask"]]
    head = {"numel": w + 1, "tensors": 2}[p["ask"]]
    return [Slip("shared-counted-twice", r * once + head,
                 "counted the shared layer once per place it appears",
                 "共享层出现几次就算了几次")]


def weight_shape_slips(p: Params) -> list[Slip]:
    a, b = p["a"], p["b"]
    if p["attr"] == "bias":
        return [Slip("bias-per-input", [a], "gave the bias one value per input feature",
                     "把偏置个数当成输入特征数")]
    swapped = [a, b] if p["layer"] == "nn.Linear" else [b, a]
    return [Slip("in-out-order", swapped, "swapped the two dimensions", "把两个维度写反了")]


# ---- single layers --------------------------------------------------------------------------


def linear_shape_slips(p: Params) -> list[Slip]:
    shape, out = p["input_shape"], p["out_features"]
    if len(shape) == 1:
        return [Slip("batch-added", [1, out], "added a batch dimension that is not there",
                     "凭空加了一个批维度")]
    found = [Slip("flattened", [shape[0], out],
                  "treated Linear as taking only a batch of vectors, as the notes suggest",
                  "像笔记暗示的那样，以为 Linear 只接受一批向量")]
    if len(shape) >= 3:
        found.append(Slip("channel-dim", [shape[0], out, *shape[2:]],
                          "changed dim 1 as a convolution would, not the last one",
                          "像卷积那样改了第 1 维，而不是最后一维"))
    return found


def embedding_slips(p: Params) -> list[Slip]:
    pad = p["padding_idx"] % p["num_embeddings"]
    used = p["indices"]
    return [
        Slip("padding-row-counted", len(set(used)),
             "gave the padding_idx row a gradient too", "以为 padding_idx 那一行也有梯度"),
        Slip("counted-tokens", sum(1 for i in used if i != pad),
             "counted every token, not every distinct row", "数了词元个数，而不是不同的行数"),
    ]


# ---- registration ---------------------------------------------------------------------------


def container_slips(p: Params) -> list[Slip]:
    n, w = p["n"], p["width"]
    layers, head = n * (w * w + w), w + 1
    if p["container"] in {"list", "dict"}:
        return [Slip("unregistered-counted", layers + head,
                     "counted layers held in a plain Python container",
                     "把普通 Python 容器里的层也算了进去")]
    return [Slip("container-skipped", head,
                 f"thought {p['container']} registers nothing, like a plain list",
                 f"以为 {p['container']} 和普通 list 一样不注册任何层")]


def buffer_slips(p: Params) -> list[Slip]:
    params, persistent, temp, plain = (p["n_params"], p["n_buffers"], p["n_temp"],
                                       p["n_plain"])
    if p["ask"] == "state_dict":
        return [
            Slip("non-persistent-saved", params + persistent + temp,
                 "saved the persistent=False buffers too",
                 "把 persistent=False 的缓冲区也算进了保存内容"),
            Slip("plain-tensor-registered", params + persistent + plain,
                 "thought a plain tensor attribute is registered", "以为普通张量属性也会被注册"),
        ]
    if p["ask"] == "buffers":
        return [
            Slip("non-persistent-not-buffer", persistent,
                 "thought persistent=False makes it no buffer at all",
                 "以为 persistent=False 就不算缓冲区了"),
            Slip("plain-tensor-registered", persistent + temp + plain,
                 "thought a plain tensor attribute is registered", "以为普通张量属性也会被注册"),
        ]
    return [Slip("buffers-as-parameters", params + persistent + temp,
                 "counted buffers as parameters", "把缓冲区当成了参数")]


def named_slips(p: Params) -> list[Slip]:
    per = 2 if p["block"] == "Linear, ReLU" else 4
    block, within = divmod(p["index"], per)
    layer, which = divmod(within, 2)  # which parametrised layer of the block, weight or bias
    modules = 2 if per == 2 else 3
    suffix = ("weight", "bias")[which]
    position = block * modules + layer
    ordinal = block * (per // 2) + layer
    return [
        Slip("activation-not-counted", f"{p['attr']}.{ordinal}.{suffix}",
             "numbered only the layers with parameters, skipping ReLU's position",
             "只给有参数的层编号，跳过了 ReLU 占的序号"),
        Slip("prefix-missing", f"{position}.{suffix}",
             f"left out the attribute name '{p['attr']}.'", f"漏了属性名前缀“{p['attr']}.”"),
    ]


def super_slips(p: Params) -> list[Slip]:
    raises = calling.FIRST[p["first"]][1] in {"a submodule", "a parameter", "a buffer"}
    found = [Slip("registered-later", calling.LATER,
                  "thought super().__init__() registers earlier assignments",
                  "以为 super().__init__() 会补注册之前赋值的属性")]
    if raises:
        found.append(Slip("module-stays-plain", calling.PLAIN,
                          "thought a layer can be stored before the registries exist",
                          "以为注册表建立之前也能存放层"))
    else:
        found.append(Slip("plain-value-raises", calling.RAISES,
                          "thought any attribute before super().__init__() raises",
                          "以为在 super().__init__() 之前给任何属性赋值都会报错"))
    return found


# ---- calling, training and saving -----------------------------------------------------------


def hook_slips(p: Params) -> list[Slip]:
    a, b = p["via_call"], p["via_forward"]
    if p["target"] == "model":
        return [Slip("forward-runs-hooks", a + b, "counted the direct forward() calls too",
                     "把直接调用 forward() 的次数也算了进去")]
    return [Slip("forward-skips-child-hooks", a,
                 "thought model.forward() skips the children's hooks too",
                 "以为 model.forward() 连子模块的钩子也会跳过")]


def frozen_slips(p: Params) -> list[Slip]:
    d, w, k = p["depth"], p["width"], p["frozen"]
    sizes = [(w * w + w) if i < d - 1 else (w * 2 + 2) for i in range(d)]
    total = sum(sizes)
    as_layer = total - sum(sizes[:k])
    if p["method"] == "attribute":
        return [Slip("attribute-freezes", as_layer,
                     "thought module.requires_grad = False freezes the layer",
                     "以为 module.requires_grad = False 能冻结这一层")]
    found = [Slip("frozen-counted", total, "counted the frozen parameters too",
                  "把被冻结的参数也算了进去")]
    if p["method"] == "weight":
        found.append(Slip("bias-frozen-too", as_layer,
                          "froze the biases too, though only weights were frozen",
                          "把偏置也当成冻结了，其实只冻结了权重"))
    return found


def ckpt_slips(p: Params) -> list[Slip]:
    d, k = p["depth"], p["frozen"]
    if p["ask"] == "state":
        return [
            Slip("frozen-have-state", 2 * d, "gave the frozen parameters Adam state too",
                 "以为被冻结的参数也有 Adam 状态"),
            Slip("counted-layers", d - k, "counted layers instead of parameter tensors",
                 "数的是层数，而不是参数张量个数"),
        ]
    return [Slip("frozen-dropped", 2 * (d - k), "left the frozen parameters out",
                 "以为被冻结的参数不在其中")]


def load_outcome_slips(p: Params) -> list[Slip]:
    has_module = p["obj"] in {"module", "checkpoint_with_module"}
    if has_module and p["weights_only"] is None:
        return [Slip("notes-whole-model-loads", saving.LOADS,
                     "believed the notes: a whole model only costs more memory",
                     "相信了笔记：保存整个模型只是更占内存")]
    if has_module and p["weights_only"] is True:
        return [Slip("modules-pass-weights-only", saving.LOADS,
                     "thought a pickled module counts as weights", "以为序列化的模块也算“权重”")]
    if p["weights_only"] is not False:
        return [Slip("state-dict-refused", saving.REFUSED,
                     "thought every torch.load now needs weights_only=False",
                     "以为现在每次 torch.load 都得加 weights_only=False")]
    return []


def dtype_slips(p: Params) -> list[Slip]:
    if p["ask"] == "dst.weight":
        return [Slip("load-replaces-tensor", p["saved"],
                     "thought load_state_dict() swaps in the loaded tensors",
                     "以为 load_state_dict() 会直接换成加载进来的张量")]
    return [Slip("loaded-as-model-dtype", p["target"],
                 "thought torch.load converts to the model's dtype",
                 "以为 torch.load 会转换成模型的 dtype")]
