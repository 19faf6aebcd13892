"""Loading ``rules.yaml``: validate everything, report every mistake with its place, compile once.

The loader never stops at the first mistake: it collects them all as
:class:`~scamguard.errors.Problem` values (``file:line:col: message (rule-id)``) and raises one
:class:`~scamguard.errors.RulesError` holding them, so a moderator fixes a file in one pass.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path
from typing import Any

from scamguard.entities import EntityConfig
from scamguard.errors import Problem, RulesError
from scamguard.normalize import normalize
from scamguard.rules.context_config import check_example_context, compile_context, compile_notices
from scamguard.rules.kinds import KINDS, Condition
from scamguard.rules.model import (
    CATEGORIES,
    KINDS_OF_MESSAGE,
    ROLES,
    STAGES,
    ContextSettings,
    Example,
    Rule,
    RuleSet,
    Thresholds,
)
from scamguard.rules.yamlsrc import Located, load_located

__all__ = ["compile_rules", "load_rules", "problems_in"]

TOP_KEYS = {
    "version": "the format version (1)",
    "thresholds": "the lowest total score for warn, hold and block",
    "entities": "detector settings: allow_hosts, mask",
    "context": "how far back in a conversation to look",
    "sender": "how facts about the sender move scores",
    "notices": "texts shown to the sender and the recipient",
    "lists": "named word lists, used in rules as $name",
    "conditions": "named conditions, used in rules as use: name",
    "rules": "the rules",
}
RULE_KEYS = {
    "id": "a stable kebab-case name",
    "category": "one of the eight categories",
    "score": "how much the rule adds to the total",
    "message": "Japanese text for the moderator or sender",
    "description": "a note for moderators",
    "stages": "the stages the rule applies in",
    "roles": "the sender roles it applies to (client, worker)",
    "kinds": "the kinds of message it applies to",
    "when": "the condition that makes it fire",
    "unless": "a condition that cancels it in the same sentence",
    "backstop": "true: it only tops its category up to its own score (a second opinion, not more weight)",
    "examples": "hit and miss examples, checked",
}
EXAMPLE_KEYS = {"text", "stage", "role", "context"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_REGEX_TIMEOUT = 0.05


def _suggest(word: object, choices: list[str] | dict[str, str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    if close:
        return f'; did you mean "{close[0]}"?'
    return f"; use one of: {', '.join(sorted(choices))}"


class _Compiler:
    """Walks the loaded document, compiling it and collecting problems."""

    def __init__(self, path: str, located: Located) -> None:
        self.path = path
        self.located = located
        self.problems: list[Problem] = []
        self.rule_id: str | None = None
        self.lists: dict[str, tuple[str, ...]] = {}
        self.named_conditions: dict[str, Condition] = {}
        self.regex_timeout = DEFAULT_REGEX_TIMEOUT

    # -- services for condition kinds -------------------------------------------------
    def problem(self, container: object, key: object, message: str, *, of_key: bool = False) -> None:
        line, col = self.located.where(container, key, of_key=of_key)
        self.problems.append(Problem(self.path, line, col, message, self.rule_id))

    def words(self, value: Any, container: object, key: object) -> list[str] | None:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.problem(container, key, "expected a word or a list of words, e.g. [教える, 送る] or $request_verbs")
            return None
        out: list[str] = []
        ok = True
        for i, item in enumerate(items):
            where_c, where_k = (items, i) if items is value else (container, key)
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.problem(where_c, where_k, f"expected a word, got {item!r}")
                ok = False
                continue
            word = str(item)
            if word.startswith("$"):
                name = word[1:]
                if name not in self.lists:
                    self.problem(
                        where_c,
                        where_k,
                        f"unknown list {word!r}{_suggest(name, list(self.lists) or ['(none defined)'])} (define it under lists:)",
                    )
                    ok = False
                    continue
                out.extend(self.lists[name])
                continue
            norm = normalize(word).text.strip()
            if not norm:
                self.problem(where_c, where_k, "an empty word matches nothing; remove it")
                ok = False
                continue
            out.append(norm)
        return out if ok and out else None

    def condition(self, value: Any, container: object, key: object) -> Condition | None:
        if not isinstance(value, dict) or not value:
            self.problem(container, key, f"a condition is a mapping such as 'words: [...]'; kinds: {', '.join(KINDS)}")
            return None
        kind_keys = [k for k in value if k in KINDS]
        if len(kind_keys) != 1:
            if not kind_keys:
                first = next(iter(value))
                self.problem(value, first, f"unknown condition {str(first)!r}{_suggest(first, list(KINDS))}", of_key=True)
            else:
                self.problem(
                    value,
                    kind_keys[1],
                    f"one condition per item: {kind_keys[0]!r} and {kind_keys[1]!r} "
                    "are in the same item; put each in its own '- ' item under all: or any:",
                    of_key=True,
                )
            return None
        kind_name = kind_keys[0]
        kind = KINDS[kind_name]
        options = {k: v for k, v in value.items() if k != kind_name}
        for opt in options:
            if opt not in kind.options:
                allowed = list(kind.options) or ["(no options)"]
                self.problem(value, opt, f"{kind_name} does not take option {str(opt)!r}{_suggest(opt, allowed)}", of_key=True)
                return None
        return kind.parse(value[kind_name], options, self, value, kind_name)

    def named(self, name: str, container: object, key: object) -> Condition | None:
        found = self.named_conditions.get(name)
        if found is None:
            known = list(self.named_conditions) or ["(none defined)"]
            self.problem(container, key, f"unknown condition name {name!r}{_suggest(name, known)} (define it under conditions:)")
        return found

    def conditions_section(self, data: dict[Any, Any]) -> None:
        section = data.get("conditions", {})
        if not isinstance(section, dict):
            self.problem(data, "conditions", "conditions must be a mapping of name: condition")
            return
        for name, value in section.items():
            if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                self.problem(section, name, f"condition name {name!r} must be lower-case letters, digits and _", of_key=True)
                continue
            compiled = self.condition(value, section, name)
            if compiled is not None:
                self.named_conditions[name] = compiled

    # -- the document -------------------------------------------------------------------
    def check_keys(self, mapping: dict[Any, Any], allowed: dict[str, str] | set[str], what: str) -> None:
        for k in mapping:
            if k not in allowed:
                self.problem(mapping, k, f"unknown {what} key {str(k)!r}{_suggest(k, list(allowed))}", of_key=True)

    def number(self, mapping: dict[Any, Any], key: str, what: str) -> float | None:
        value = mapping.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(mapping, key, f"{what} must be a number, got {value!r}")
            return None
        return float(value)

    def thresholds(self, data: dict[Any, Any]) -> Thresholds:
        t = data.get("thresholds")
        if not isinstance(t, dict):
            self.problem(
                data,
                "thresholds" if "thresholds" in data else None,
                "thresholds is required: a mapping with warn, hold and block scores, e.g. {warn: 1, hold: 3, block: 5}",
            )
            return Thresholds(1.0, 3.0, 5.0)
        self.check_keys(t, {"warn", "hold", "block"}, "thresholds")
        values = {}
        for name in ("warn", "hold", "block"):
            if name not in t:
                self.problem(t, None, f"thresholds needs {name}")
                continue
            v = self.number(t, name, f"threshold {name}")
            if v is not None:
                values[name] = v
        if len(values) == 3 and not (0 < values["warn"] <= values["hold"] <= values["block"]):
            self.problem(t, None, "thresholds must rise: 0 < warn <= hold <= block")
        return Thresholds(values.get("warn", 1.0), values.get("hold", 3.0), values.get("block", 5.0))

    def entity_config(self, data: dict[Any, Any]) -> EntityConfig:
        e = data.get("entities", {})
        if not isinstance(e, dict):
            self.problem(data, "entities", "entities must be a mapping (allow_hosts, mask, region)")
            return EntityConfig()
        self.check_keys(e, {"allow_hosts", "mask", "region", "regex_timeout_ms"}, "entities")
        hosts = e.get("allow_hosts", [])
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
            self.problem(e, "allow_hosts", "allow_hosts must be a list of host names, e.g. [crowdworks.jp, lancers.jp]")
            hosts = []
        mask = e.get("mask", "＊＊＊")
        if not isinstance(mask, str):
            self.problem(e, "mask", "mask must be a string, e.g. ＊＊＊")
            mask = "＊＊＊"
        region = e.get("region", "JP")
        if not isinstance(region, str) or len(region) != 2:
            self.problem(e, "region", "region must be a two-letter country code such as JP")
            region = "JP"
        if "regex_timeout_ms" in e:
            ms = self.number(e, "regex_timeout_ms", "regex_timeout_ms")
            if ms is not None:
                if ms <= 0:
                    self.problem(e, "regex_timeout_ms", "regex_timeout_ms must be above 0")
                else:
                    self.regex_timeout = ms / 1000
        return EntityConfig(allow_hosts=tuple(h.lower() for h in hosts), mask=mask, region=region.upper())

    def context_settings(self, data: dict[Any, Any]) -> ContextSettings:
        return compile_context(data, self)

    def named_lists(self, data: dict[Any, Any]) -> None:
        lists = data.get("lists", {})
        if not isinstance(lists, dict):
            self.problem(data, "lists", "lists must be a mapping of name: [words]")
            return
        for name, items in lists.items():
            if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                self.problem(lists, name, f"list name {name!r} must be lower-case letters, digits and _", of_key=True)
                continue
            if not isinstance(items, list) or not items:
                self.problem(lists, name, f"list {name} must be a non-empty list of words")
                continue
            words = self.words(items, lists, name)
            if words:
                self.lists[name] = tuple(words)

    def examples(
        self, rule: dict[Any, Any], stages: frozenset[str], roles: frozenset[str] | None
    ) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
        ex = rule.get("examples")
        if not isinstance(ex, dict):
            self.problem(
                rule,
                "examples" if "examples" in rule else "id",
                "every rule needs examples: {hit: [messages it must catch], miss: [similar messages it must leave alone]}",
            )
            return (), ()
        self.check_keys(ex, {"hit", "miss"}, "examples")
        default_stage = next(s for s in STAGES if s in stages) if stages else "pre_contract"
        default_role = sorted(roles)[0] if roles else None
        out: dict[str, list[Example]] = {"hit": [], "miss": []}
        for which in ("hit", "miss"):
            items = ex.get(which)
            if not isinstance(items, list) or not items:
                self.problem(
                    ex,
                    which if which in ex else None,
                    f"examples.{which} must list at least one message the rule must "
                    + ("catch" if which == "hit" else "leave alone"),
                )
                continue
            for i, item in enumerate(items):
                line, col = self.located.where(items, i)
                if isinstance(item, str):
                    out[which].append(Example(item, default_stage, default_role, None, line, col))
                    continue
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    self.problem(
                        items, i, "an example is a message in quotes, or a mapping with text: (and stage:, role:, context:)"
                    )
                    continue
                self.check_keys(item, EXAMPLE_KEYS, "example")
                stage = item.get("stage", default_stage)
                if stage not in STAGES:
                    self.problem(item, "stage", f"unknown stage {stage!r}; use one of: {', '.join(STAGES)}")
                    continue
                role = item.get("role", default_role)
                if role is not None and role not in ROLES:
                    self.problem(item, "role", f"unknown role {role!r}; use client or worker")
                    continue
                ctx = item.get("context")
                if not check_example_context(item, self):
                    continue
                out[which].append(Example(item["text"], stage, role, ctx, line, col))
        return tuple(out["hit"]), tuple(out["miss"])

    def choice_list(self, rule: dict[Any, Any], key: str, allowed: tuple[str, ...]) -> frozenset[str] | None:
        if key not in rule:
            return None
        value = rule[key]
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.problem(rule, key, f"{key} must list one or more of: {', '.join(allowed)}")
            return None
        good = True
        for i, v in enumerate(items):
            if v not in allowed:
                where_c, where_k = (items, i) if items is value else (rule, key)
                self.problem(where_c, where_k, f"unknown {key[:-1]} {v!r}{_suggest(v, list(allowed))}")
                good = False
        return frozenset(items) if good else None

    def rule(self, rule: Any, rules: list[Any], index: int, seen: dict[str, int]) -> Rule | None:
        self.rule_id = None
        if not isinstance(rule, dict):
            self.problem(rules, index, "each rule is a mapping starting with '- id: ...'")
            return None
        rid = rule.get("id")
        if not isinstance(rid, str) or not _ID.match(rid):
            self.problem(
                rule,
                "id" if "id" in rule else None,
                f"rule id {rid!r} must be kebab-case (lower-case words joined by '-'), e.g. line-id-request",
            )
        else:
            self.rule_id = rid
            if rid in seen:
                self.problem(rule, "id", f"duplicate rule id {rid!r} (first used on line {seen[rid]}); give each rule its own id")
            else:
                seen[rid] = self.located.where(rule, "id")[0]
        self.check_keys(rule, RULE_KEYS, "rule")
        category = rule.get("category")
        if category not in CATEGORIES:
            self.problem(
                rule,
                "category" if "category" in rule else "id",
                f"category {category!r} is not one of the eight{_suggest(category, list(CATEGORIES))}",
            )
        score = self.number(rule, "score", "score") if "score" in rule else None
        if "score" not in rule:
            self.problem(rule, "id", "the rule needs a score (how much it adds to the message's total)")
        message = rule.get("message")
        if not isinstance(message, str) or not message.strip():
            self.problem(
                rule,
                "message" if "message" in rule else "id",
                "the rule needs a message: the Japanese text a moderator or sender sees when it fires",
            )
        description = rule.get("description", "")
        if not isinstance(description, str):
            self.problem(rule, "description", "description must be text")
            description = ""
        stages = self.choice_list(rule, "stages", STAGES)
        if stages is None and "stages" not in rule:
            stages = frozenset(STAGES)
        roles = self.choice_list(rule, "roles", ROLES)
        kinds = self.choice_list(rule, "kinds", KINDS_OF_MESSAGE)
        when = None
        if "when" not in rule:
            self.problem(rule, "id", "the rule needs a when: condition saying what makes it fire")
        else:
            when = self.condition(rule["when"], rule, "when")
        unless = self.condition(rule["unless"], rule, "unless") if "unless" in rule else None
        backstop = rule.get("backstop", False)
        if not isinstance(backstop, bool):
            self.problem(rule, "backstop", "backstop takes true or false")
            backstop = False
        hits, misses = self.examples(rule, stages or frozenset(STAGES), roles)
        if (
            self.rule_id is None
            or score is None
            or when is None
            or stages is None
            or category not in CATEGORIES
            or not isinstance(message, str)
            or not message.strip()
            or ("unless" in rule and unless is None)
        ):
            return None
        line, col = self.located.where(rules, index)
        return Rule(
            self.rule_id,
            category,
            score,
            message.strip(),
            stages,
            roles,
            kinds,
            when,
            unless,
            hits,
            misses,
            description.strip(),
            line,
            col,
            backstop,
        )

    def compile(self, data: Any) -> RuleSet | None:
        if not isinstance(data, dict):
            self.problems.append(Problem(self.path, 1, 1, "the rules file must be a mapping with thresholds:, lists: and rules:"))
            return None
        self.check_keys(data, TOP_KEYS, "top-level")
        version = data.get("version", 1)
        if version != 1:
            self.problem(data, "version", f"unsupported version {version!r}; this scamguard reads version 1")
        thresholds = self.thresholds(data)
        entities = self.entity_config(data)
        context = self.context_settings(data)
        notices = compile_notices(data, self)
        self.named_lists(data)
        self.conditions_section(data)
        rules_raw = data.get("rules")
        if not isinstance(rules_raw, list) or not rules_raw:
            self.problem(data, "rules" if "rules" in data else None, "rules: must be a list of at least one rule")
            return None
        seen: dict[str, int] = {}
        rules = [self.rule(r, rules_raw, i, seen) for i, r in enumerate(rules_raw)]
        self.rule_id = None
        if self.problems:
            return None
        return RuleSet(
            tuple(r for r in rules if r is not None),
            thresholds,
            entities,
            dict(self.lists),
            dict(notices),
            context,
            self.path,
            "",
        )


def problems_in(text: str, path: str = "rules.yaml") -> tuple[RuleSet | None, list[Problem]]:
    """Compile rules from YAML text; return the rule set (None when any problem) and the problems."""
    data, located, yaml_problems = load_located(text)
    problems = [Problem(path, p.line, p.column, p.message) for p in yaml_problems]
    if data is None and not problems:
        problems.append(Problem(path, 1, 1, "the rules file is empty; it needs thresholds: and rules:"))
    if data is None:
        return None, problems
    compiler = _Compiler(path, located)
    ruleset = compiler.compile(data)
    problems.extend(compiler.problems)
    problems.sort(key=lambda p: (p.line, p.column))
    if problems or ruleset is None:
        return None, problems
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return RuleSet(
        ruleset.rules, ruleset.thresholds, ruleset.entities, ruleset.lists, ruleset.notices, ruleset.context, path, digest
    ), []


def compile_rules(text: str, path: str = "rules.yaml") -> RuleSet:
    """Compile rules from YAML text, raising :class:`RulesError` with every problem."""
    ruleset, problems = problems_in(text, path)
    if ruleset is None:
        raise RulesError(problems)
    return ruleset


def load_rules(path: str | Path) -> RuleSet:
    """Read and compile a rules file, raising :class:`RulesError` with every problem."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise RulesError([Problem(str(path), 0, 0, f"cannot read the rules file: {e.strerror or e}; check the path")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise RulesError([Problem(str(path), line, 1, "the file is not UTF-8; save it as UTF-8")]) from None
    return compile_rules(text, str(path))
