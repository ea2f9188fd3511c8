"""CEL rule expressions compiled once into Python closures.

cel-python (`celpy`) interprets an expression in about 0.9 ms (its transpiling runner in about 50 µs, plus
30 µs to convert the activation): far too slow for a hot path measured in microseconds. So rules are
parsed with celpy's own parser (the reference CEL grammar) and the syntax tree is translated, once, into
nested Python closures over plain Python values. The supported subset:

- literals (int, uint, double, string, bool, null), lists and maps, parentheses;
- `&&`, `||`, `!`, `? :` with CEL's error-absorbing semantics; `== != < <= > >=`, `in`;
- `+ - * / %` and unary minus (int division truncates, as in CEL);
- field selection and indexing on maps and lists; `has(a.b)`;
- `size`, `int`, `double`, `string`, `matches(s, re)`; the methods `contains`, `startsWith`, `endsWith`,
  `matches`, `size`; the macros `exists`, `all`, `exists_one`, `filter`, `map`;
- `score("label")`: the score of a signal, 0.0 when absent.

Anything else (message construction, bytes, other functions, undeclared variables) is rejected at load time
with its line and column. The compiler also records which signal labels an expression reads with a literal
(`signals["hate"]`, `signals.hate`, `"hate" in signals`, `score("hate")`), so that the policy can skip a rule
whose signals are all absent.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from typing import Any, NoReturn

import lark
from celpy.celparser import CELParseError, CELParser
from celpy.evaluation import celstr

from rempart.policy import cel_runtime as rt

Env = dict[str, Any]
Evaluator = Callable[[Env], Any]

_WRAPPERS = frozenset(
    {"expr", "conditionalor", "conditionaland", "relation", "addition", "multiplication", "unary", "member", "primary"}
)
_MACROS = frozenset({"exists", "all", "exists_one", "filter", "map"})


class CelSyntaxError(Exception):
    """An expression that does not parse, or uses something outside the supported subset."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class CompiledExpression:
    source: str
    evaluate: Evaluator
    variables: frozenset[str]
    signal_labels: frozenset[str]
    reads_any_signal: bool

    def holds(self, env: Env) -> bool:
        """True when the expression evaluates to `true`; an error or any other value does not hold."""
        try:
            return self.evaluate(env) is True
        except rt.EVALUATION_ERRORS:
            return False


@cache
def _parser() -> CELParser:
    return CELParser()


def compile_expression(source: str, variables: Collection[str], *, signals: str = "signals") -> CompiledExpression:
    """Parse and translate `source`; raise `CelSyntaxError` naming the line and column of the problem."""
    try:
        tree = _parser().parse(source)
    except CELParseError as error:
        first = str(error).splitlines()[0] if str(error) else "syntax error"
        raise CelSyntaxError(f"syntax error near {first.strip()!r}", error.line or 1, error.column or 1) from None
    compiler = _Compiler(frozenset(variables), signals)
    evaluator = compiler.compile(tree)
    return CompiledExpression(
        source=source,
        evaluate=evaluator,
        variables=frozenset(compiler.used),
        signal_labels=frozenset(compiler.labels),
        reads_any_signal=compiler.reads_any_signal,
    )


def _position(node: lark.Tree[Any] | lark.Token) -> tuple[int, int]:
    if isinstance(node, lark.Token):
        return node.line or 1, node.column or 1
    meta = node.meta
    return (getattr(meta, "line", 1) or 1), (getattr(meta, "column", 1) or 1)


def _const(value: Any) -> Evaluator:
    return lambda _env: value


class _Compiler:
    def __init__(self, variables: frozenset[str], signals: str) -> None:
        self.variables = variables
        self.signals = signals
        self.bound: list[str] = []
        self.used: set[str] = set()
        self.labels: set[str] = set()
        self.reads_any_signal = False

    def fail(self, node: lark.Tree[Any] | lark.Token, message: str) -> NoReturn:
        line, column = _position(node)
        raise CelSyntaxError(message, line, column)

    def compile(self, node: lark.Tree[Any]) -> Evaluator:
        handler: Callable[[lark.Tree[Any]], Evaluator] | None = getattr(self, f"_{node.data}", None)
        if handler is None:
            self.fail(node, f"{node.data.replace('_', ' ')} is not supported in policy rules")
        return handler(node)

    # Helpers that look through the grammar's single-child wrapper nodes.
    def core(self, node: lark.Tree[Any]) -> lark.Tree[Any]:
        while node.data in _WRAPPERS and len(node.children) == 1 and isinstance(node.children[0], lark.Tree):
            node = node.children[0]
        return node

    def string_literal(self, node: lark.Tree[Any]) -> str | None:
        core = self.core(node)
        if core.data == "literal":
            token = core.children[0]
            if isinstance(token, lark.Token) and token.type in ("STRING_LIT", "MLSTRING_LIT"):
                return str(celstr(token))
        return None

    def is_signals(self, node: lark.Tree[Any]) -> bool:
        core = self.core(node)
        if core.data != "ident" or self.signals in self.bound:
            return False
        return str(core.children[0]) == self.signals and self.signals in self.variables

    def signal_lookup(self, label: str) -> Evaluator:
        self.labels.add(label)
        self.used.add(self.signals)
        name = self.signals
        return lambda env: env[name][label]

    def arguments(self, node: lark.Tree[Any] | None) -> list[lark.Tree[Any]]:
        if node is None:
            return []
        return [child for child in node.children if isinstance(child, lark.Tree)]

    # Grammar rules.
    def _expr(self, node: lark.Tree[Any]) -> Evaluator:
        if len(node.children) == 1:
            return self.compile(node.children[0])
        condition, then, otherwise = (self.compile(child) for child in node.children)

        def ternary(env: Env) -> Any:
            chosen = condition(env)
            if chosen is True:
                return then(env)
            if chosen is False:
                return otherwise(env)
            raise rt.CelEvaluationError("no such overload for ?:")

        return ternary

    def _conditionalor(self, node: lark.Tree[Any]) -> Evaluator:
        return self._logical(node, absorbing=True, operator="||")

    def _conditionaland(self, node: lark.Tree[Any]) -> Evaluator:
        return self._logical(node, absorbing=False, operator="&&")

    def _logical(self, node: lark.Tree[Any], *, absorbing: bool, operator: str) -> Evaluator:
        """CEL's commutative `||` (absorbing True) and `&&` (absorbing False): an error on one side is
        forgiven when the other side alone decides the result."""
        if len(node.children) == 1:
            return self.compile(node.children[0])
        left, right = self.compile(node.children[0]), self.compile(node.children[1])
        decided: bool = absorbing

        def logical(env: Env) -> bool:
            try:
                first = left(env)
            except rt.EVALUATION_ERRORS:
                if right(env) is absorbing:
                    return decided
                raise
            if first is absorbing:
                return decided
            second = right(env)
            if first is (not absorbing) and isinstance(second, bool):
                return second
            raise rt.CelEvaluationError(f"no such overload for {operator}")

        return logical

    def _binary(self, node: lark.Tree[Any], operators: dict[str, Callable[[Any, Any], Any]]) -> Evaluator:
        if len(node.children) == 1:
            return self.compile(node.children[0])
        operator_node, right_node = node.children
        operation = operators[operator_node.data]
        left_node = operator_node.children[0]
        if operator_node.data == "relation_in" and self.is_signals(right_node):
            label = self.string_literal(left_node)
            if label is not None:
                self.labels.add(label)
                self.used.add(self.signals)
                name = self.signals
                return lambda env: label in env[name]
        left, right = self.compile(left_node), self.compile(right_node)
        if self.core(right_node).data == "literal":
            constant = right({})
            return lambda env: operation(left(env), constant)
        return lambda env: operation(left(env), right(env))

    def _relation(self, node: lark.Tree[Any]) -> Evaluator:
        return self._binary(node, rt.RELATIONS)

    def _addition(self, node: lark.Tree[Any]) -> Evaluator:
        return self._binary(node, rt.ARITHMETIC)

    def _multiplication(self, node: lark.Tree[Any]) -> Evaluator:
        return self._binary(node, rt.ARITHMETIC)

    def _unary(self, node: lark.Tree[Any]) -> Evaluator:
        if len(node.children) == 1:
            return self.compile(node.children[0])
        operator_node, operand_node = node.children
        operand = self.compile(operand_node)
        operation = rt.logical_not if operator_node.data == "unary_not" else rt.negate
        return lambda env: operation(operand(env))

    def _member(self, node: lark.Tree[Any]) -> Evaluator:
        return self.compile(node.children[0])

    def _primary(self, node: lark.Tree[Any]) -> Evaluator:
        return self.compile(node.children[0])

    def _paren_expr(self, node: lark.Tree[Any]) -> Evaluator:
        return self.compile(node.children[0])

    def _member_dot(self, node: lark.Tree[Any]) -> Evaluator:
        target_node, field_token = node.children
        field = str(field_token)
        if self.is_signals(target_node):
            return self.signal_lookup(field)
        target = self.compile(target_node)
        return lambda env: rt.select(target(env), field)

    def _member_index(self, node: lark.Tree[Any]) -> Evaluator:
        target_node, key_node = node.children
        if self.is_signals(target_node):
            label = self.string_literal(key_node)
            if label is not None:
                return self.signal_lookup(label)
        target, key = self.compile(target_node), self.compile(key_node)
        return lambda env: rt.index(target(env), key(env))

    def _member_dot_arg(self, node: lark.Tree[Any]) -> Evaluator:
        target_node, name_token, *rest = node.children
        name = str(name_token)
        arguments = self.arguments(rest[0] if rest else None)
        if name in _MACROS:
            return self.macro(node, target_node, name, arguments)
        target = self.compile(target_node)
        if name == "size" and not arguments:
            return lambda env: rt.size(target(env))
        method = rt.METHODS.get(name)
        if method is None or len(arguments) != 1:
            self.fail(name_token, f"unsupported method {name}() with {len(arguments)} argument(s)")
        argument = self.compile(arguments[0])
        return lambda env: method(target(env), argument(env))

    def macro(
        self, node: lark.Tree[Any], target_node: lark.Tree[Any], name: str, arguments: list[lark.Tree[Any]]
    ) -> Evaluator:
        if len(arguments) != 2 or self.core(arguments[0]).data != "ident":
            self.fail(node, f"{name}() takes a variable name and an expression")
        variable = str(self.core(arguments[0]).children[0])
        target = self.compile(target_node)
        self.bound.append(variable)
        try:
            body = self.compile(arguments[1])
        finally:
            self.bound.pop()

        def run(env: Env) -> Any:
            collection = target(env)
            if not isinstance(collection, list | dict):
                raise rt.CelEvaluationError(f"{name}() needs a list or a map")
            scope = dict(env)
            results: list[Any] = []
            for element in collection:
                scope[variable] = element
                results.append(body(scope))
            return _finish_macro(name, list(collection), results)

        return run

    def _ident(self, node: lark.Tree[Any]) -> Evaluator:
        name = str(node.children[0])
        if name not in self.variables and name not in self.bound:
            self.fail(node.children[0], f"undeclared reference {name!r} (known: {', '.join(sorted(self.variables))})")
        if name == self.signals and name not in self.bound:
            self.reads_any_signal = True
        if name not in self.bound:
            self.used.add(name)
        return lambda env: env[name]

    def _ident_arg(self, node: lark.Tree[Any]) -> Evaluator:
        name_token, *rest = node.children
        name = str(name_token)
        arguments = self.arguments(rest[0] if rest else None)
        if name == "has":
            return self.has(node, arguments)
        if name == "score" and len(arguments) == 1:
            label = self.string_literal(arguments[0])
            if label is None or self.signals not in self.variables:
                self.fail(node, 'score() takes a signal label as a string literal, e.g. score("hate")')
            lookup = self.signal_lookup(label)
            return lambda env: lookup(env)["score"]
        if name == "matches" and len(arguments) == 2:
            text, pattern = self.compile(arguments[0]), self.compile(arguments[1])
            return lambda env: rt.matches(text(env), pattern(env))
        function = rt.FUNCTIONS.get(name)
        if function is None or len(arguments) != 1:
            self.fail(name_token, f"unsupported function {name}() with {len(arguments)} argument(s)")
        argument = self.compile(arguments[0])
        return lambda env: function(argument(env))

    def has(self, node: lark.Tree[Any], arguments: list[lark.Tree[Any]]) -> Evaluator:
        target = self.core(arguments[0]) if len(arguments) == 1 else None
        if target is None or target.data != "member_dot":
            self.fail(node, "has() takes a field selection, e.g. has(item.language)")
        owner_node, field_token = target.children
        field = str(field_token)
        if self.is_signals(owner_node):
            self.labels.add(field)
            self.used.add(self.signals)
        owner = self.compile(owner_node)
        return lambda env: rt.has_field(owner(env), field)

    def _literal(self, node: lark.Tree[Any]) -> Evaluator:
        token = node.children[0]
        assert isinstance(token, lark.Token)
        kind, text = token.type, str(token)
        if kind in ("STRING_LIT", "MLSTRING_LIT"):
            return _const(str(celstr(token)))
        if kind == "INT_LIT":
            return _const(int(text, 0) if "x" in text.lower() else int(text))
        if kind == "UINT_LIT":
            digits = text[:-1]
            return _const(int(digits, 0) if "x" in digits.lower() else int(digits))
        if kind == "FLOAT_LIT":
            return _const(float(text))
        if kind == "BOOL_LIT":
            return _const(text == "true")
        if kind != "NULL_LIT":
            self.fail(token, f"{kind.lower().replace('_lit', '')} literals are not supported in policy rules")
        return _const(None)

    def _list_lit(self, node: lark.Tree[Any]) -> Evaluator:
        elements = [self.compile(child) for child in self.arguments(node.children[0] if node.children else None)]
        return lambda env: [element(env) for element in elements]

    def _map_lit(self, node: lark.Tree[Any]) -> Evaluator:
        parts = [self.compile(child) for child in self.arguments(node.children[0] if node.children else None)]
        pairs = list(zip(parts[::2], parts[1::2], strict=True))
        return lambda env: {key(env): value(env) for key, value in pairs}


def _finish_macro(name: str, elements: list[Any], results: list[Any]) -> Any:
    if name == "map":
        return results
    if name == "filter":
        return [element for element, keep in zip(elements, results, strict=True) if keep is True]
    if any(not isinstance(result, bool) for result in results):
        raise rt.CelEvaluationError(f"{name}() needs a boolean expression")
    if name == "exists":
        return any(results)
    if name == "all":
        return all(results)
    return sum(results) == 1
