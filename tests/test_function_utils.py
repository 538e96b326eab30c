"""JSON schema from type hints, and the helpers that turn model output back into typed values."""

from __future__ import annotations

import dataclasses
import enum
import inspect
import json
from collections.abc import Callable
from typing import Annotated, Any, Literal, Optional

import pytest
from pydantic import BaseModel, Field

from autogen.exceptions import FunctionSchemaError
from autogen.function_utils import (
    get_default_values,
    get_function_schema,
    get_missing_annotations,
    get_param_annotations,
    get_parameter_json_schema,
    get_parameters,
    get_required_params,
    get_typed_annotation,
    get_typed_return_annotation,
    get_typed_signature,
    load_basemodels_if_needed,
    serialize_to_str,
)

CurrencySymbol = Literal["USD", "EUR"]


class Currency(BaseModel):
    currency: Annotated[CurrencySymbol, Field(..., description="Currency symbol")]
    amount: Annotated[float, Field(0, description="Amount of currency", ge=0)]


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0


class Palette(BaseModel):
    main: Color
    extra: list[Color] = []


class TreeNode(BaseModel):
    value: int
    children: list[TreeNode] = []


def currency_calculator(
    base_amount: Annotated[float, "Amount of currency in base_currency"],
    base_currency: Annotated[CurrencySymbol, "Base currency"] = "USD",
    quote_currency: Annotated[CurrencySymbol, "Quote currency"] = "EUR",
) -> str:
    return f"{base_amount} {base_currency} {quote_currency}"


def test_currency_calculator_schema_is_v02_shaped() -> None:
    schema = get_function_schema(currency_calculator, description="Currency exchange calculator.")
    assert schema == {
        "type": "function",
        "function": {
            "description": "Currency exchange calculator.",
            "name": "currency_calculator",
            "parameters": {
                "type": "object",
                "properties": {
                    "base_amount": {"type": "number", "description": "Amount of currency in base_currency"},
                    "base_currency": {
                        "enum": ["USD", "EUR"],
                        "type": "string",
                        "default": "USD",
                        "description": "Base currency",
                    },
                    "quote_currency": {
                        "enum": ["USD", "EUR"],
                        "type": "string",
                        "default": "EUR",
                        "description": "Quote currency",
                    },
                },
                "required": ["base_amount"],
            },
        },
    }


def test_name_overrides_function_name_and_schema_is_json() -> None:
    schema = get_function_schema(currency_calculator, name="convert", description="d")
    assert schema["function"]["name"] == "convert"
    assert json.loads(json.dumps(schema)) == schema


def test_pydantic_model_parameter_keeps_field_descriptions_and_constraints() -> None:
    def calc(
        base: Annotated[Currency, "Base currency: amount and currency symbol"],
        quote_currency: Annotated[CurrencySymbol, "Quote currency symbol"] = "USD",
    ) -> Currency:
        return base

    props = get_function_schema(calc, description="x")["function"]["parameters"]["properties"]
    base = props["base"]
    assert base["type"] == "object"
    assert base["description"] == "Base currency: amount and currency symbol"
    assert base["required"] == ["currency"]
    assert base["properties"]["currency"]["enum"] == ["USD", "EUR"]
    assert base["properties"]["amount"]["minimum"] == 0


def test_enum_optional_dict_list_dataclass_parameters() -> None:
    def f(
        color: Annotated[Color, "a color"],
        maybe: Optional[int] = None,  # noqa: UP045 - the v0.2-era spelling must work too
        tags: list[str] | None = None,
        weights: dict[str, float] | None = None,
        point: Point | None = None,
    ) -> None:
        pass

    params = get_function_schema(f, description="f")["function"]["parameters"]
    props = params["properties"]
    assert props["color"]["enum"] == ["red", "blue"]
    assert props["color"]["description"] == "a color"
    maybe = {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None, "description": "maybe"}
    assert props["maybe"] == maybe
    assert props["tags"]["anyOf"][0] == {"type": "array", "items": {"type": "string"}}
    assert props["weights"]["anyOf"][0] == {"type": "object", "additionalProperties": {"type": "number"}}
    point = props["point"]["anyOf"][0]
    assert point["properties"]["x"]["type"] == "integer" and point["required"] == ["x"]
    assert params["required"] == ["color"]


def test_nested_refs_are_inlined_so_each_parameter_is_self_contained() -> None:
    def f(palette: Palette) -> None:
        pass

    params = get_function_schema(f, description="f")["function"]["parameters"]
    assert "$ref" not in json.dumps(params)
    assert params["properties"]["palette"]["properties"]["main"]["enum"] == ["red", "blue"]


def test_recursive_model_keeps_defs_at_parameters_root() -> None:
    def f(tree: TreeNode) -> None:
        pass

    params = get_function_schema(f, description="f")["function"]["parameters"]
    assert params["properties"]["tree"]["properties"]["children"]["items"] == {"$ref": "#/$defs/TreeNode"}
    assert params["$defs"]["TreeNode"]["properties"]["value"]["type"] == "integer"


def test_field_description_in_annotated_is_used() -> None:
    def f(n: Annotated[int, Field(description="how many", ge=1)]) -> None:
        pass

    prop = get_function_schema(f, description="f")["function"]["parameters"]["properties"]["n"]
    assert prop == {"type": "integer", "minimum": 1, "description": "how many"}


def test_enum_default_is_serialised_to_its_value() -> None:
    def f(color: Color = Color.BLUE) -> None:
        pass

    prop = get_function_schema(f, description="f")["function"]["parameters"]["properties"]["color"]
    assert prop["default"] == "blue"


def test_missing_annotation_is_a_type_error_naming_function_and_parameters() -> None:
    def f(a, b: int, c=1):  # type: ignore[no-untyped-def]  # noqa: ANN001
        pass

    with pytest.raises(FunctionSchemaError, match=r"function 'f'.*'a'") as info:
        get_function_schema(f, description="f")
    assert isinstance(info.value, TypeError)


def test_unannotated_parameter_with_default_is_allowed() -> None:
    def f(a: int, c=1):  # type: ignore[no-untyped-def]  # noqa: ANN001
        pass

    params = get_function_schema(f, description="f")["function"]["parameters"]
    assert params["properties"]["c"] == {"default": 1, "description": "c"}
    assert params["required"] == ["a"]


class NotJson:
    pass


def test_inexpressible_type_names_function_and_parameter() -> None:
    def tool(ok: int, thing: NotJson) -> None:
        pass

    with pytest.raises(FunctionSchemaError, match=r"Parameter 'thing' of function 'my_tool'.*NotJson"):
        get_function_schema(tool, name="my_tool", description="t")


def test_callable_parameter_is_rejected() -> None:
    def tool(cb: Callable[[int], int]) -> None:
        pass

    with pytest.raises(FunctionSchemaError, match="Parameter 'cb' of function 'tool'"):
        get_function_schema(tool, description="t")


def test_unresolvable_string_annotation_names_the_function() -> None:
    def tool(x: Missing) -> None:  # type: ignore[name-defined]  # noqa: F821
        pass

    with pytest.raises(FunctionSchemaError, match="function 'tool'"):
        get_function_schema(tool, description="t")


def test_variadic_parameters_are_left_out() -> None:
    def f(a: int, *args: int, **kwargs: Any) -> None:
        pass

    params = get_function_schema(f, description="f")["function"]["parameters"]
    assert list(params["properties"]) == ["a"]
    assert params["required"] == ["a"]


def test_signature_helpers_with_string_annotations() -> None:
    # this module uses `from __future__ import annotations`: every annotation is a string
    sig = get_typed_signature(currency_calculator)
    assert sig.parameters["base_amount"].annotation == Annotated[float, "Amount of currency in base_currency"]
    assert get_typed_return_annotation(currency_calculator) is str
    assert get_required_params(sig) == ["base_amount"]
    assert get_default_values(sig) == {"base_currency": "USD", "quote_currency": "EUR"}
    assert set(get_param_annotations(sig)) == {"base_amount", "base_currency", "quote_currency"}
    assert get_typed_annotation("int", {}) is int
    assert get_typed_annotation("Point", globals()) is Point

    def g(a, b: int = 1, c=2):  # type: ignore[no-untyped-def]  # noqa: ANN001
        pass

    assert get_missing_annotations(inspect.signature(g), ["a"]) == ({"a"}, {"c"})


def test_get_parameter_json_schema_and_get_parameters() -> None:
    assert get_parameter_json_schema("a", Annotated[str, "parameter a"], {}) == {
        "type": "string",
        "description": "parameter a",
    }
    b = {"type": "integer", "description": "b", "default": 2}
    assert get_parameter_json_schema("b", int, {"b": 2}) == b
    params = get_parameters(["a"], {"a": Annotated[str, "A"], "b": int}, {"b": 2})
    assert params == {
        "type": "object",
        "properties": {
            "a": {"type": "string", "description": "A"},
            "b": {"type": "integer", "description": "b", "default": 2},
        },
        "required": ["a"],
    }


def test_load_basemodels_if_needed_converts_models_dataclasses_enums() -> None:
    seen: dict[str, Any] = {}

    @load_basemodels_if_needed
    def f(base: Currency, point: Point, color: Color, n: int) -> str:
        seen.update(base=base, point=point, color=color, n=n)
        return "ok"

    assert f(base={"currency": "EUR", "amount": 3}, point={"x": 1}, color="red", n=5) == "ok"
    assert seen == {"base": Currency(currency="EUR", amount=3), "point": Point(1), "color": Color.RED, "n": 5}
    already = Currency(currency="USD", amount=1)
    f(base=already, point=Point(2, 3), color=Color.BLUE, n=1)
    assert seen["base"] is already


async def test_load_basemodels_if_needed_keeps_async_functions_async() -> None:
    @load_basemodels_if_needed
    async def f(base: Currency) -> float:
        return base.amount

    assert inspect.iscoroutinefunction(f)
    assert await f(base={"currency": "USD", "amount": 2.5}) == 2.5


def test_serialize_to_str() -> None:
    assert serialize_to_str("as is") == "as is"
    model = Currency(currency="EUR", amount=1)
    assert json.loads(serialize_to_str(model)) == {"currency": "EUR", "amount": 1.0}
    assert json.loads(serialize_to_str(Point(1, 2))) == {"x": 1, "y": 2}
    assert json.loads(serialize_to_str({"a": [1, Color.RED]})) == {"a": [1, "red"]}
    assert serialize_to_str([1, 2]) == "[1, 2]"
    assert serialize_to_str(3.5) == "3.5"
    assert serialize_to_str(None) == "null"
    assert serialize_to_str(NotJson()).startswith("<")


def test_v02_models_accept_the_schema_output() -> None:
    from autogen.function_utils import ToolFunction

    schema = get_function_schema(currency_calculator, description="Currency exchange calculator.")
    assert ToolFunction.model_validate(schema).model_dump() == schema


def test_get_load_param_if_needed_function() -> None:
    from autogen.function_utils import get_load_param_if_needed_function

    assert get_load_param_if_needed_function(int) is None
    loader = get_load_param_if_needed_function(Annotated[Currency, "base"])
    assert loader is not None
    assert loader({"currency": "USD", "amount": 1}, Currency) == Currency(currency="USD", amount=1)
