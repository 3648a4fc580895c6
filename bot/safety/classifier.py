"""The risk classifier: scikit-learn, trained on the risk corpus, runs in the bot process.

Features: character n-grams (2-5, inside word boundaries: robust to chat spelling, typos and
the endings of Turkish, Polish and Ukrainian) and word uni/bigrams over the folded text, plus
the rule concepts (:mod:`bot.safety.concepts`: which concept occurs plainly or denied, and the
rule scores per category), so what the rules know in six languages carries over to a language
the classifier saw few examples of.

Two logistic regressions: the *level* (crisis, concern, none) and the *category* (the seven
crisis categories, learned on crisis and concern messages). Their probabilities are calibrated
by construction (log loss); the two thresholds that map them to the outcomes are chosen on
out-of-writer predictions inside the training writers (:func:`choose_thresholds`), never on the
writer being scored.

Training takes seconds; ``bot.safety.model`` trains once per corpus version and caches the
fitted model under models/.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.safety import rules
from bot.safety.concepts import Hits, find
from bot.safety.vocab import CONCEPTS

LEVELS = ("crisis", "concern", "none")
_CONCEPT_NAMES = tuple(CONCEPTS)
CONCEPT_WEIGHT = 1.0

# Safe messages of one training writer may get a crisis reply at most this often, and a
# check-in at most this often, on out-of-writer predictions (the goals for unseen writers).
CRISIS_FALSE_ALARM_CAP = 0.03
CHECK_IN_FALSE_ALARM_CAP = 0.10
# Ordinary messages (a first question about school, sleep or upbringing; an intake answer) are
# most of what the bot reads, so they get their own, tighter caps, over all training writers'
# ordinary messages together (a writer has 15 to 56 of them: too few for a per-writer rate).
# Pooled with the hard negatives they were a small minority, and the check-in threshold could
# ask "denk je aan zelfdoding?" on one ordinary message in six of a writer.
ORDINARY_CRISIS_CAP = 0.01
ORDINARY_CHECK_IN_CAP = 0.03
# For the same reason an ordinary message weighs three times in the level model's training: the
# writers wrote about 1 ordinary message to 2.4 hard negatives and 3 crisis messages, while in the
# bot ordinary messages are nearly all of them; at 3 the ordinary messages together weigh about
# as much as the hard negatives (see docs/safety.md for what it changed).
ORDINARY_WEIGHT = 3.0
# An explicit rule signal becomes a crisis when the classifier gives at least this much risk.
RULE_AGREEMENT = 0.3


def level_of(label: str) -> str:
    return {"crisis": "crisis", "concern": "concern"}.get(label, "none")


# Time words ("nu", "vanavond", "straks", "tonight") count only together with a real risk sign
# (rules.risk_sign): the writers put them in many crisis messages, so the urgency feature alone
# weighed heavily toward crisis and asked a parent whose son says "straks straks" about homework
# whether his child was in danger. Without a sign the urgency feature is off. The words stay in
# the n-grams: blanking them there too cost crisis messages their help lines on left-out writers
# in a trial with fixed thresholds.
TIME_CONCEPT = "urgent"


def concept_features(hits: Hits) -> list[float]:
    result = rules.score(hits)
    sign = rules.risk_sign(hits)
    row = [float(hits.has(c) and (c != TIME_CONCEPT or sign)) for c in _CONCEPT_NAMES]
    row += [float(hits.denied(c) and c != TIME_CONCEPT) for c in _CONCEPT_NAMES]
    row += [result.scores[c] for c in rules.CATEGORIES]
    row += [float(result.outcome == "crisis"), float(result.outcome == "check_in")]
    return row


@dataclass
class Prediction:
    crisis: float  # P(level = crisis)
    risk: float  # P(level = crisis or concern)
    category: str
    category_probability: float


class RiskClassifier:
    def __init__(self, c_level: float = 4.0, c_category: float = 4.0):
        self.c_level = c_level
        self.c_category = c_category
        self.char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=60000)
        self.word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                    token_pattern=r"(?u)\b\w+\b", max_features=30000)
        self.level = LogisticRegression(C=c_level, max_iter=3000, class_weight="balanced")
        self.category = LogisticRegression(C=c_category, max_iter=3000, class_weight="balanced")

    def _matrix(self, hits: list[Hits], fit: bool = False):
        texts = [h.folded for h in hits]
        if fit:
            a, b = self.char.fit_transform(texts), self.word.fit_transform(texts)
        else:
            a, b = self.char.transform(texts), self.word.transform(texts)
        c = sparse.csr_matrix(np.array([concept_features(h) for h in hits]) * CONCEPT_WEIGHT)
        return sparse.hstack([a, b, c]).tocsr()

    def fit(self, texts: list[str], labels: list[str], categories: list[str | None],
            hits: list[Hits] | None = None, with_category: bool = True) -> RiskClassifier:
        """Fit both models; ``with_category=False`` fits the level only (enough to choose the
        thresholds, which never look at the category, in half the time)."""
        hits = hits if hits is not None else [find(t) for t in texts]
        x = self._matrix(hits, fit=True)
        self.level.fit(x, [level_of(label) for label in labels],
                       sample_weight=[ORDINARY_WEIGHT if label == "ordinary" else 1.0 for label in labels])
        if with_category:
            risky = [i for i, label in enumerate(labels) if level_of(label) != "none"]
            self.category.fit(x[risky], [categories[i] for i in risky])
        return self

    def predict_hits(self, hits: list[Hits]) -> list[Prediction]:
        x = self._matrix(hits)
        level = self.level.predict_proba(x)
        index = {name: i for i, name in enumerate(self.level.classes_)}
        fitted = hasattr(self.category, "classes_")
        category = self.category.predict_proba(x) if fitted else np.zeros((len(hits), 1))
        out = []
        for row, cat_row in zip(level, category, strict=True):
            best = int(np.argmax(cat_row))
            crisis = float(row[index["crisis"]])
            out.append(Prediction(crisis, crisis + float(row[index["concern"]]),
                                  str(self.category.classes_[best]) if fitted else "", float(cat_row[best])))
        return out

    def predict(self, texts: list[str]) -> list[Prediction]:
        return self.predict_hits([find(t) for t in texts])


@dataclass(frozen=True)
class Thresholds:
    crisis: float  # P(crisis) from which the classifier alone sends the crisis card
    check_in: float  # P(crisis or concern) from which it asks the check-in question
    agreement: float  # P(crisis or concern) from which an explicit rule signal sends the card
    # Every false-alarm cap the choice could not meet, in words ("check-in on ordinary: 0.05 >
    # cap 0.03"): empty when every group of safe messages stays under its cap. The eval prints
    # it per fold and training logs it, so a cap is never given up without anyone seeing it.
    unmet: tuple[str, ...] = ()


# Rule check-ins that stand without the classifier: an explicit signal denied, or said to the child
# by others. The classifier scored "kids in her class told her to go kill herself in the group chat
# today" under its check-in threshold; the card (before the insult context) was too much, nothing
# is too little.
ASK_ANYWAY = ("negated", "context_insult")
# A sign of suicide the rules read plainly (a farewell, a method, a death wish, hopelessness; not in
# a joke, fiction or the past): at least the check-in, whatever the classifier makes of it. The
# question "Denk je aan zelfdoding?" costs one kind question; a classifier trained on many short
# everyday answers scored "was ik maar nooit geboren" as everyday. On the corpus this floor asks
# 22 of 1,524 safe messages (at most 2.8 % of one writer's) and 0 of 1,774 ordinary ones.
SUICIDE_FLOOR = 0.45


def asks_anyway(rule: rules.RuleResult) -> bool:
    """The rules' check-in stands whatever the classifier says: a denied or bullies' signal
    (:data:`ASK_ANYWAY`), or a plain sign of suicide (:func:`suicide_floor`) or of a missing or
    runaway child (:func:`missing_floor`)."""
    if rule.outcome != "check_in":
        return False
    return rule.reason in ASK_ANYWAY or suicide_floor(rule) or missing_floor(rule)


# A child reported missing or run away, said plainly ("she ran away from home two days ago", "hij
# is niet thuisgekomen"): "Is je kind nu in gevaar?" at least, whatever the classifier makes of it.
# On the corpus (session 19) this floor asks 7 of 1,524 safe messages (at most 2 of one writer's)
# and no ordinary one; a floor for violence at home at the same strength would ask 64.
MISSING_FLOOR = 0.75


def missing_floor(rule: rules.RuleResult) -> bool:
    return (rule.outcome == "check_in" and rule.reason == "signal" and rule.category == "missing_runaway"
            and rule.score >= MISSING_FLOOR)


def suicide_floor(rule: rules.RuleResult) -> bool:
    """A plain sign of suicide the rules read (:data:`SUICIDE_FLOOR`): the check-in at least."""
    return (rule.outcome == "check_in" and rule.reason == "signal" and rule.category == "suicide"
            and rule.score >= SUICIDE_FLOOR)


def decide(rule: rules.RuleResult, prediction: Prediction | None, thresholds: Thresholds) -> tuple[str, str]:
    """The outcome and what decided it.

    - No classifier (it could not be loaded): the rules decide alone.
    - An explicit signal said plainly (:data:`rules.EXPLICIT`, no joke, fiction, past or other
      context): crisis, whatever the classifier thinks.
    - The classifier's crisis probability over its crisis threshold: crisis.
    - The rules see an explicit signal (rule outcome crisis) and the classifier gives at least
      the agreement threshold of risk: crisis. The rules alone fire on too many hard negatives
      to send the help lines on their own, but an explicit "ik wil zelfmoord plegen" must not
      wait for the model to have seen that phrasing.
    - An explicit rule signal the classifier does not share: at least the check-in question.
    - The classifier's risk probability over its check-in threshold: check-in.
    - A denied explicit signal ("ik wil niet dood") or one in bullies' words ("they told her to go
      kill herself"), or a plain sign of suicide ("sorry voor alles"): the check-in, as the rules
      say (:func:`asks_anyway`).
    """
    if prediction is None:
        return rule.outcome, "rules"
    if rule.outcome == "crisis" and rule.reason == "explicit":
        return "crisis", "rules"
    if prediction.crisis >= thresholds.crisis:
        return "crisis", "classifier"
    if rule.outcome == "crisis":
        return ("crisis", "rules+classifier") if prediction.risk >= thresholds.agreement else ("check_in", "rules")
    if prediction.risk >= thresholds.check_in:
        return "check_in", "classifier"
    if asks_anyway(rule):
        return "check_in", "rules"  # "ik heb geen gedachten aan zelfmoord", "sorry voor alles": ask
    return "none", "classifier"


def fit_levels(rows: list[dict], hits: list[Hits]) -> RiskClassifier:
    """The level model alone, on ``rows``: what the threshold choice needs."""
    return RiskClassifier().fit([r["text"] for r in rows], [r["label"] for r in rows],
                                [r.get("category") for r in rows], hits, with_category=False)


def out_of_writer(rows: list[dict], hits: list[Hits], fit=None) -> list[Prediction]:
    """For every row, the prediction of a model trained on the other writers of ``rows``."""
    fit = fit or fit_levels
    oof: list[Prediction] = [None] * len(rows)  # type: ignore[list-item]
    for writer in sorted({r["writer"] for r in rows}):
        train = [i for i, r in enumerate(rows) if r["writer"] != writer]
        test = [i for i, r in enumerate(rows) if r["writer"] == writer]
        model = fit([rows[i] for i in train], [hits[i] for i in train])
        for i, p in zip(test, model.predict_hits([hits[i] for i in test]), strict=True):
            oof[i] = p
    return oof


def choose_thresholds(rows: list[dict], hits: list[Hits], fit=None, oof: list[Prediction] | None = None) -> Thresholds:
    """Thresholds from out-of-writer predictions inside ``rows`` (leave one writer out again).

    Crisis: of all (classifier threshold, agreement threshold) pairs at which no training
    writer's safe messages get a crisis reply more often than CRISIS_FALSE_ALARM_CAP (rules and
    classifier together, as :func:`decide` combines them), the one that gives the most crisis
    messages the card at once. Check-in: the lowest threshold at which no training writer's safe
    messages get the check-in more often than CHECK_IN_FALSE_ALARM_CAP. Safe means the labels
    "safe" and "ordinary". The ordinary messages of all training writers together must also stay
    under ORDINARY_CRISIS_CAP and ORDINARY_CHECK_IN_CAP. Where the rules alone already pass a cap
    on a writer's safe messages, that writer's cap is what the rules give (the classifier may add
    nothing there). A cap that cannot be met is named in :attr:`Thresholds.unmet`, never dropped
    silently (:func:`check_in_threshold` says which may be left out and which never).
    """
    oof = oof if oof is not None else out_of_writer(rows, hits, fit)
    writers = sorted({r["writer"] for r in rows})
    scored = [rules.score(h) for h in hits]
    rule_crisis = np.array([r.outcome == "crisis" for r in scored])
    explicit = np.array([r.outcome == "crisis" and r.reason == "explicit" for r in scored])
    negated = np.array([asks_anyway(r) for r in scored])
    p_crisis = np.array([p.crisis for p in oof])
    p_risk = np.array([p.risk for p in oof])
    levels = np.array([level_of(r["label"]) for r in rows])
    writer_of = np.array([r["writer"] for r in rows])
    safe = [(writer_of == w) & (levels == "none") for w in writers]
    ordinary = np.array([r["label"] == "ordinary" for r in rows])
    crisis_rows = levels == "crisis"

    # A writer whose safe messages the explicit rules alone already send the card more often
    # than the cap may get no more than that; without this, one such writer would leave no
    # feasible threshold and switch the classifier off for everyone.
    crisis_cap = [max(CRISIS_FALSE_ALARM_CAP, explicit[m].mean()) for m in safe]
    names = [f"safe of {w}" for w in writers]
    if ordinary.any():  # the same rule for the rules' own alarms on ordinary messages
        safe.append(ordinary)
        crisis_cap.append(max(ORDINARY_CRISIS_CAP, explicit[ordinary].mean()))
        names.append("ordinary")
    grid = [round(x, 3) for x in np.arange(0.05, 0.991, 0.01)]
    best = None
    for agreement in [*grid, 1.01]:
        by_rules = explicit | (rule_crisis & (p_risk >= agreement))
        for t in grid:
            fired = (p_crisis >= t) | by_rules
            if all(fired[m].mean() <= cap for m, cap in zip(safe, crisis_cap, strict=True)):
                recall = fired[crisis_rows].mean()
                if best is None or recall > best[2]:
                    best = (t, agreement, recall)
                break  # higher thresholds only lose recall
    unmet: list[str] = []
    if best is None:
        # No pair keeps every group under its crisis cap: the classifier sends the card only at
        # its highest threshold and an explicit rule signal only when said plainly, and the eval
        # says which groups are still over.
        best = (grid[-1], 1.01, 0.0)
    crisis_t, agreement, _ = best
    crisis = explicit | (p_crisis >= crisis_t) | (rule_crisis & (p_risk >= agreement))
    unmet += [f"crisis card on {name}: {crisis[m].mean():.2f} > cap {cap:.2f}"
              for name, m, cap in zip(names, safe, crisis_cap, strict=True) if crisis[m].mean() > cap + 1e-9]
    # The check-in that the rules alone already ask. The suicide floor's questions are left out:
    # they come on top of a cap, not out of it. Counted inside, they raised the check-in threshold
    # (0.58 -> 0.65 with the short-message writers) and so took the question away from "ik wil weg
    # uit deze wereld" to ask "was ik maar nooit geboren". The eval reports the total.
    floor_only = np.array([suicide_floor(r) for r in scored])
    forced = rule_crisis | (negated & ~floor_only)
    groups = [CapGroup(name, m, max(CHECK_IN_FALSE_ALARM_CAP, (~crisis & forced)[m].mean()), required=False)
              for name, m in zip(names, safe, strict=True)]
    if ordinary.any():
        groups[-1] = CapGroup("ordinary", ordinary, max(ORDINARY_CHECK_IN_CAP, (~crisis & forced)[ordinary].mean()),
                              required=True)
    check_in, check_unmet = check_in_threshold(grid, crisis, forced, p_risk, groups, crisis_t)
    return Thresholds(crisis=crisis_t, check_in=check_in, agreement=agreement, unmet=tuple(unmet + check_unmet))


@dataclass(frozen=True)
class CapGroup:
    """A group of safe messages with its check-in cap. ``required``: the cap is honoured even when
    that costs every writer's check-ins (the pooled ordinary messages: what the bot reads most)."""

    name: str
    mask: np.ndarray
    cap: float
    required: bool = False


def check_in_threshold(grid, crisis, forced, p_risk, groups: list[CapGroup], crisis_t: float) -> tuple[float, list[str]]:
    """The lowest check-in threshold at which every group of safe messages stays under its cap,
    and the caps it could not meet (in words; empty when all are met).

    - A required group (the ordinary messages of all training writers) is never given up: when no
      threshold meets its cap, the threshold is the lowest one at which it asks the fewest
      check-ins the grid allows, and the miss is reported. Giving it up let the check-in ask "denk
      je aan zelfdoding?" on half of the long everyday messages in one trial.
    - One writer's safe messages that stay over the cap at every threshold below the crisis
      threshold are left out, and that is reported: from there up the classifier would ask no
      check-in at all, for every writer. In the inner folds a writer can lose every other writer
      of its language (with both Arabic-writing parents left out, the Arabic father's safe
      messages scored P(risk) ≥ 0.94), and that one writer set the check-in threshold to 0.95 for
      the fold that left out the other one: its crisis messages lost the check-in (caught 0.69,
      against 0.92 with the usual threshold).
    """
    def rate(mask, t: float) -> float:
        return float((~crisis & (forced | (p_risk >= t)))[mask].mean())

    lowest, unmet, left_out = [], [], []
    for group in groups:
        met = next((t for t in grid if rate(group.mask, t) <= group.cap + 1e-9), None)
        if group.required:
            if met is None:
                floor = min(rate(group.mask, t) for t in grid)
                met = next(t for t in grid if rate(group.mask, t) <= floor + 1e-9)
                unmet.append(f"check-in on {group.name}: {floor:.2f} > cap {group.cap:.2f} at every threshold")
            lowest.append(met)
        elif met is not None and met < crisis_t:
            lowest.append(met)
        else:
            left_out.append(group)
    chosen = max(lowest) if lowest else crisis_t
    unmet += [f"check-in on {g.name}: {rate(g.mask, chosen):.2f} > cap {g.cap:.2f} (left out: no threshold under the "
              f"crisis threshold meets it)" for g in left_out if rate(g.mask, chosen) > g.cap + 1e-9]
    return chosen, unmet
