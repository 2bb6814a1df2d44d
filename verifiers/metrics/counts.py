"""Metrics from confusion counts: accuracy, precision, recall, F-beta, top-k accuracy."""

from __future__ import annotations

from typing import Any

from ._common import _count, _counts_from, _fbeta, _n, _ratio_why, _safe_div


def precision(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    v = _safe_div(c["tp"], c["tp"] + c["fp"])
    return v.item(), _ratio_why("precision", "TP / (TP + FP)", c["tp"], c["tp"] + c["fp"], v)


def recall(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    v = _safe_div(c["tp"], c["tp"] + c["fn"])
    return v.item(), _ratio_why("recall", "TP / (TP + FN)", c["tp"], c["tp"] + c["fn"], v)


def accuracy(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    num, den = c["tp"] + c["tn"], sum(c.values())
    v = _safe_div(num, den)
    return v.item(), _ratio_why("accuracy", "(TP + TN) / total", num, den, v)


def specificity(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    v = _safe_div(c["tn"], c["tn"] + c["fp"])
    return v.item(), _ratio_why("specificity", "TN / (TN + FP)", c["tn"], c["tn"] + c["fp"], v)


def f1(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    v = _fbeta(c, 1.0)
    pr = _safe_div(c["tp"], c["tp"] + c["fp"])
    rc = _safe_div(c["tp"], c["tp"] + c["fn"])
    why = _ratio_why("F1", "2TP / (2TP + FP + FN)", 2 * c["tp"],
                     2 * c["tp"] + c["fp"] + c["fn"], v)
    head = f"P = {_n(pr)}, R = {_n(rc)}; "
    if isinstance(why, str):
        return v.item(), head + why
    return v.item(), {k: head + t for k, t in why.items()}


def fbeta(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    b2 = p["beta"] ** 2
    v = _fbeta(c, p["beta"])
    num = (1 + b2) * c["tp"]
    why = _ratio_why(f"F{_n(p['beta'])}", f"(1+{_n(b2)})·TP / ((1+{_n(b2)})·TP + {_n(b2)}·FN + FP)",
                     num, num + b2 * c["fn"] + c["fp"], v)
    return v.item(), why


def confusion_entry(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    c = _count(torch.tensor(p["labels"], device=device), torch.tensor(p["preds"], device=device))
    counts = ", ".join(f"{k.upper()} = {int(v)}" for k, v in c.items())
    return int(c[p["entry"].lower()]), counts


def confusion_cell(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    y = torch.tensor(p["labels"], device=device)
    q = torch.tensor(p["preds"], device=device)
    m = torch.bincount(3 * y + q, minlength=9).reshape(3, 3)
    rows = "; ".join(str(r) for r in m.tolist())
    return int(m[p["row"], p["col"]]), (f"C (rows = true class, columns = predicted) = [{rows}]; "
                                        f"C[{p['row']}][{p['col']}] = {int(m[p['row'], p['col']])}")


def top_k_accuracy(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    s = torch.tensor(p["scores"], dtype=torch.float64, device=device)
    y = torch.tensor(p["labels"], device=device)
    top = torch.topk(s, p["k"], dim=1).indices
    hit = (top == y[:, None]).any(dim=1)
    acc = hit.to(torch.float64).mean()
    why = (f"top-{p['k']} classes per row = {top.tolist()}; label inside? {hit.tolist()}; "
           f"accuracy = {int(hit.sum())} / {len(y)} = {_n(acc)}")
    return acc.item(), why
