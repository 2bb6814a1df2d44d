"""Metrics from confusion counts: accuracy, precision, recall, F-beta, confusion entries and
cells, top-k accuracy."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, as_list, bi, f64, num, plural, require, value

from .checks import require_pairs, require_topk
from .confusion import count, counts_of, f_beta, ratio, require_counts, safe_div

COUNTS = ("tp", "fp", "fn", "tn")


def _counts(p: Params, device: Any) -> tuple[dict[str, Any], dict[str, int]]:
    require_counts(p, *(k for k in COUNTS if k in p))
    return counts_of(p, device), {k: int(p.get(k, 0)) for k in COUNTS}


def precision(p: Params, device: Any) -> Result:
    c, n = _counts(p, device)
    v = safe_div(c["tp"], c["tp"] + c["fp"])
    return value(v), ratio("precision", "TP / (TP + FP)", f"{n['tp']} / ({n['tp']} + {n['fp']})",
                           c["tp"], c["tp"] + c["fp"], v)


def recall(p: Params, device: Any) -> Result:
    c, n = _counts(p, device)
    v = safe_div(c["tp"], c["tp"] + c["fn"])
    return value(v), ratio("recall", "TP / (TP + FN)", f"{n['tp']} / ({n['tp']} + {n['fn']})",
                           c["tp"], c["tp"] + c["fn"], v)


def accuracy(p: Params, device: Any) -> Result:
    c, n = _counts(p, device)
    top, bottom = c["tp"] + c["tn"], sum(c.values())
    filled = f"({n['tp']} + {n['tn']}) / ({n['tp']} + {n['fp']} + {n['fn']} + {n['tn']})"
    return value(safe_div(top, bottom)), ratio(
        "accuracy", "(TP + TN) / (TP + FP + FN + TN)", filled, top, bottom, safe_div(top, bottom))


def specificity(p: Params, device: Any) -> Result:
    c, n = _counts(p, device)
    v = safe_div(c["tn"], c["tn"] + c["fp"])
    return value(v), ratio("specificity", "TN / (TN + FP)",
                           f"{n['tn']} / ({n['tn']} + {n['fp']})", c["tn"], c["tn"] + c["fp"], v)


def f1(p: Params, device: Any) -> Result:
    c, n = _counts(p, device)
    v = f_beta(c, 1.0)
    pr = value(safe_div(c["tp"], c["tp"] + c["fp"]))
    rc = value(safe_div(c["tp"], c["tp"] + c["fn"]))
    why = ratio("F1", "2TP / (2TP + FP + FN)", f"2·{n['tp']} / (2·{n['tp']} + {n['fp']} + "
                f"{n['fn']})", 2 * c["tp"], 2 * c["tp"] + c["fp"] + c["fn"], v)
    return value(v), bi(f"Precision P = {num(pr)}, recall R = {num(rc)}; {why['en']} "
                        f"This is the harmonic mean 2PR/(P + R); TN plays no part.",
                        f"精确率 P = {num(pr)}，召回率 R = {num(rc)}；{why['zh']}"
                        f"这就是调和平均 2PR/(P + R)，TN 不参与计算。")


def fbeta(p: Params, device: Any) -> Result:
    c, n = _counts(p, device)
    beta = p["beta"]
    require(beta > 0, f"beta must be positive, not {beta}")
    b2 = beta * beta
    v = f_beta(c, beta)
    top = (1 + b2) * c["tp"]
    formula = "(1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP)"
    filled = (f"{num(1 + b2)}·{n['tp']} / ({num(1 + b2)}·{n['tp']} + {num(b2)}·{n['fn']} + "
              f"{n['fp']})")
    why = ratio(f"F{num(beta)}", formula, filled, top, top + b2 * c["fn"] + c["fp"], v)
    return value(v), bi(f"β = {num(beta)}, so β² = {num(b2)}; {why['en']}",
                        f"β = {num(beta)}，所以 β² = {num(b2)}；{why['zh']}")


ENTRY_CELLS = {"TP": ("label 1, predicted 1", "标签 1、预测 1"),
               "FP": ("label 0, predicted 1", "标签 0、预测 1"),
               "FN": ("label 1, predicted 0", "标签 1、预测 0"),
               "TN": ("label 0, predicted 0", "标签 0、预测 0")}


def confusion_entry(p: Params, device: Any) -> Result:
    import torch

    require_pairs(p, "preds")
    c = count(torch.tensor(p["labels"], device=device), torch.tensor(p["preds"], device=device))
    n = {k.upper(): int(v) for k, v in c.items()}
    entry = p["entry"]
    en = ", ".join(f"{k} = {v} ({ENTRY_CELLS[k][0]})" for k, v in n.items())
    zh = "，".join(f"{k} = {v}（{ENTRY_CELLS[k][1]}）" for k, v in n.items())
    return n[entry], bi(f"Counting the (label, prediction) pairs: {en}; so {entry} = {n[entry]}.",
                        f"逐对统计（标签，预测）：{zh}；所以 {entry} = {n[entry]}。")


def confusion_cell(p: Params, device: Any) -> Result:
    import torch

    require_pairs(p, "y_pred", classes=3, truth="y_true")  # scikit-learn's names
    y = torch.tensor(p["y_true"], device=device)
    q = torch.tensor(p["y_pred"], device=device)
    m = torch.bincount(3 * y + q, minlength=9).reshape(3, 3)  # labels=[0, 1, 2]: always 3×3
    i, j = p["row"], p["col"]
    cell = int(m[i, j])
    rows = as_list(m)
    return cell, bi(f"With labels=[0, 1, 2] C is 3×3, rows = true class, columns = predicted "
                    f"class: C = {rows}. C[{i}][{j}] counts the samples of class {i} predicted "
                    f"as {j}: {cell}.",
                    f"指定 labels=[0, 1, 2] 后 C 是 3×3 矩阵，行是真实类别，列是预测类别："
                    f"C = {rows}。C[{i}][{j}] 统计真实类别为 {i}、被预测为 {j} 的样本数：{cell}。")


def top_k_accuracy(p: Params, device: Any) -> Result:
    import torch

    require_topk(p)
    s = f64(p["scores"], device)
    y = torch.tensor(p["labels"], device=device)
    k = p["k"]
    top = torch.topk(s, k, dim=1).indices
    hit = (top == y[:, None]).any(dim=1)
    acc = hit.to(torch.float64).mean()
    hits, rows = int(hit.sum()), len(p["labels"])
    work = f"{hits} / {rows} = {num(value(acc))}"
    return value(acc), bi(f"The top-{k} classes of each row are {as_list(top)}; the label is "
                          f"among them in {hits} of {plural(rows, 'row', 'rows')}: top-{k} "
                          f"accuracy = {work}.",
                          f"每行得分最高的 {k} 个类别为 {as_list(top)}；{rows} 行中有 {hits} 行"
                          f"包含真实标签：top-{k} 准确率 = {work}。")
