"""Known slips of the count cards (precision, recall, F-beta, confusion entries, top-k): each
redoes the metric by hand with one classic mistake (pure Python, no torch)."""

from __future__ import annotations

from quizapp.authoring import Params, Slip


def _div(top: float, bottom: float) -> float:
    """top / bottom, 0/0 counting as 0 (scikit-learn's zero_division=0), like the deck."""
    return top / bottom if bottom else 0.0


def _counts(p: Params) -> tuple[int, int, int, int]:
    return p["tp"], p["fp"], p["fn"], p.get("tn", 0)


def _pr(p: Params) -> tuple[float, float]:
    tp, fp, fn, _ = _counts(p)
    return _div(tp, tp + fp), _div(tp, tp + fn)


def _fb(precision: float, recall: float, beta: float) -> float:
    b2 = beta * beta
    return _div((1 + b2) * precision * recall, b2 * precision + recall)


def _swapped(value: float, asked: str) -> Slip:
    if asked == "precision":
        en = "swapped precision and recall: precision is TP/(TP+FP), recall is TP/(TP+FN)"
        zh = "把精确率和召回率弄反了：精确率（查准率）是 TP/(TP+FP)，召回率（查全率）是 TP/(TP+FN)"
    else:
        en = "swapped recall and precision: recall is TP/(TP+FN), precision is TP/(TP+FP)"
        zh = "把召回率和精确率弄反了：召回率（查全率）是 TP/(TP+FN)，精确率（查准率）是 TP/(TP+FP)"
    return Slip("precision-recall-swapped", value, en, zh)


def precision_slips(p: Params) -> list[Slip]:
    tp, fp, fn, tn = _counts(p)
    return [
        _swapped(_pr(p)[1], "precision"),
        Slip("accuracy-for-precision", _div(tp + tn, tp + fp + fn + tn),
             "gave the accuracy (TP+TN)/total: precision is TP/(TP+FP), among the predicted "
             "positives only",
             "算成了准确率 (TP+TN)/总数：精确率是 TP/(TP+FP)，只看被预测为正的样本"
             "（准确率 ≠ 精确率，有些笔记把两者弄反了）"),
    ]


def recall_slips(p: Params) -> list[Slip]:
    _, fp, _, tn = _counts(p)
    return [
        _swapped(_pr(p)[0], "recall"),
        Slip("specificity-for-recall", _div(tn, tn + fp),
             "gave the specificity TN/(TN+FP): recall is the same ratio for the positives, "
             "TP/(TP+FN)",
             "算成了特异度 TN/(TN+FP)：召回率是正类上的同一比例 TP/(TP+FN)"),
    ]


def accuracy_slips(p: Params) -> list[Slip]:
    tp, fp, fn, tn = _counts(p)
    return [
        Slip("tn-forgotten", _div(tp, tp + fp + fn),
             "left out TN: accuracy counts every correct prediction, (TP+TN)/(TP+FP+FN+TN)",
             "漏掉了 TN：准确率统计所有预测正确的样本，(TP+TN)/(TP+FP+FN+TN)"),
        Slip("precision-for-accuracy", _pr(p)[0],
             "gave the precision TP/(TP+FP): accuracy is (TP+TN)/total, every correct "
             "prediction",
             "算成了精确率 TP/(TP+FP)：准确率是 (TP+TN)/总数，即所有预测正确的比例"
             "（准确率 ≠ 精确率，有些笔记把两者弄反了）"),
        Slip("error-rate-given", _div(fp + fn, tp + fp + fn + tn),
             "gave the error rate (FP+FN)/total: accuracy is 1 minus it",
             "算成了错误率 (FP+FN)/总数：准确率 = 1 - 错误率"),
    ]


def f1_slips(p: Params) -> list[Slip]:
    prec, rec = _pr(p)
    return [
        Slip("f1-arithmetic-mean", (prec + rec) / 2,
             "took the arithmetic mean (P+R)/2: F1 is the harmonic mean 2PR/(P+R)",
             "取了算术平均 (P+R)/2：F1 是调和平均 2PR/(P+R)"),
        Slip("f1-factor-two-forgotten", _div(prec * rec, prec + rec),
             "forgot the factor 2: F1 = 2PR/(P+R)", "漏掉了系数 2：F1 = 2PR/(P+R)"),
    ]


def fbeta_slips(p: Params) -> list[Slip]:
    prec, rec = _pr(p)
    beta = p["beta"]
    return [
        Slip("beta-not-squared", _div((1 + beta) * prec * rec, beta * prec + rec),
             "used β instead of β²: Fβ = (1+β²)·P·R/(β²·P + R)",
             "用了 β 而不是 β²：Fβ = (1+β²)·P·R/(β²·P + R)"),
        Slip("beta-inverted", _fb(prec, rec, 1 / beta) if beta else 0.0,
             "swapped the roles of precision and recall: β > 1 weights recall more, β < 1 "
             "precision",
             "把精确率和召回率的角色弄反了：β > 1 更看重召回率，β < 1 更看重精确率"),
        Slip("beta-ignored", _fb(prec, rec, 1.0), "ignored β and gave F1", "忽略了 β，算成了 F1"),
    ]


def specificity_slips(p: Params) -> list[Slip]:
    _, fp, fn, tn = _counts(p)
    return [
        Slip("npv-for-specificity", _div(tn, tn + fn),
             "divided by TN+FN (that is the negative predictive value): specificity is "
             "TN/(TN+FP)",
             "除以了 TN+FN（那是阴性预测值）：特异度是 TN/(TN+FP)"),
        Slip("fpr-for-specificity", _div(fp, fp + tn),
             "gave the false positive rate FP/(FP+TN): specificity is 1 - FPR",
             "算成了假正例率 FP/(FP+TN)：特异度 = 1 - FPR"),
        Slip("recall-for-specificity", _pr(p)[1],
             "gave the recall TP/(TP+FN): specificity is the same ratio for the negatives, "
             "TN/(TN+FP)",
             "算成了召回率 TP/(TP+FN)：特异度是负类上的同一比例 TN/(TN+FP)"),
    ]


def _entries(p: Params) -> dict[str, int]:
    pairs = list(zip(p["labels"], p["preds"], strict=False))
    return {"TP": pairs.count((1, 1)), "FP": pairs.count((0, 1)),
            "FN": pairs.count((1, 0)), "TN": pairs.count((0, 0))}


def confusion_entry_slips(p: Params) -> list[Slip]:
    n, entry = _entries(p), p["entry"]
    if entry in ("FP", "FN"):
        other = "FN" if entry == "FP" else "FP"
        return [
            Slip("fp-fn-swapped", n[other],
                 f"counted {other} instead: FP is label 0 predicted 1, FN is label 1 predicted 0",
                 f"数成了 {other}：FP 是标签 0 预测 1，FN 是标签 1 预测 0"),
            Slip("all-wrong-counted", n["FP"] + n["FN"],
                 f"counted every wrong prediction (FP + FN): {entry} is only one kind of them",
                 f"把所有预测错误的样本（FP + FN）都数进去了：{entry} 只是其中一种"),
        ]
    other = "TN" if entry == "TP" else "TP"
    return [
        Slip("all-correct-counted", n["TP"] + n["TN"],
             f"counted every correct prediction (TP + TN): {entry} is only one kind of them",
             f"把所有预测正确的样本（TP + TN）都数进去了：{entry} 只是其中一种"),
        Slip("tp-tn-swapped", n[other],
             f"counted {other} instead: TP is label 1 predicted 1, TN is label 0 predicted 0",
             f"数成了 {other}：TP 是标签 1 预测 1，TN 是标签 0 预测 0"),
    ]


def confusion_cell_slips(p: Params) -> list[Slip]:
    pairs = list(zip(p["y_true"], p["y_pred"], strict=False))
    i, j = p["row"], p["col"]
    return [
        Slip("rows-cols-swapped", pairs.count((j, i)),
             "read rows as predictions: in scikit-learn C[i][j] is true class i predicted as j",
             "把行当成了预测类别：scikit-learn 中 C[i][j] 是真实类别 i、被预测为 j"),
        Slip("row-total-given", sum(1 for t, _ in pairs if t == i),
             f"counted every sample of class {i}, the whole row: C[{i}][{j}] keeps only those "
             f"predicted as {j}",
             f"数了真实类别为 {i} 的全部样本（整行之和）：C[{i}][{j}] 只数其中被预测为 {j} 的"),
    ]


def _top_k_hits(p: Params, k: int, lowest: bool = False) -> int:
    hits = 0
    for row, label in zip(p["scores"], p["labels"], strict=False):
        order = sorted(range(len(row)), key=lambda c: row[c], reverse=not lowest)
        hits += label in order[:k]
    return hits


def top_k_accuracy_slips(p: Params) -> list[Slip]:
    k, rows = p["k"], len(p["scores"])
    slips = []
    if k in (1, 2):
        other = 3 - k
        slips.append(Slip("k-misread", _top_k_hits(p, other) / rows,
                          f"used the top {other} instead of the top {k}",
                          f"用了得分最高的 {other} 个类别，而不是 {k} 个"))
    slips += [
        Slip("lowest-scores-taken", _top_k_hits(p, k, lowest=True) / rows,
             f"took the {k} lowest-scoring classes: top-k means the k highest scores",
             f"取了得分最低的 {k} 个类别：top-k 指得分最高的 k 个"),
        Slip("count-not-fraction", float(_top_k_hits(p, k)),
             "gave the number of hits: top-k accuracy divides it by the number of samples",
             "给出的是命中的样本数：top-k 准确率还要除以样本总数"),
    ]
    return slips
