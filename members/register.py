"""Loading Statistics Finland's register of municipalities, regions and welfare regions."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from members.models import Municipality, Region, WelfareRegion

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITY_COLUMNS = [
    "code",
    "name_fi",
    "name_sv",
    "region_code",
    "region_fi",
    "region_sv",
    "welfare_region_code",
    "welfare_region_fi",
]
WELFARE_REGION_COLUMNS = ["code", "name_fi", "name_sv"]


class RegisterFileError(Exception):
    """A register file that cannot be loaded; says which line and why."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path.name}, line {line}: {reason}")


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=lambda: {"regions": 0, "welfare_regions": 0, "municipalities": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"regions": 0, "welfare_regions": 0, "municipalities": 0})

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def _read_rows(path: Path, columns: list[str], checks: dict[str, str]) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV with exactly `columns`; each value must match its pattern in `checks`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise RegisterFileError(path, text_line(path, error.start), "the file is not UTF-8") from error
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header != columns:
        raise RegisterFileError(path, 1, f"expected the columns {','.join(columns)}")
    rows, seen = [], set()
    for row in reader:
        line = reader.line_num
        if len(row) != len(columns):
            raise RegisterFileError(path, line, f"expected {len(columns)} values, found {len(row)}")
        values = {name: value.strip() for name, value in zip(columns, row, strict=True)}
        for name, pattern in checks.items():
            if not re.fullmatch(pattern, values[name]):
                raise RegisterFileError(path, line, f"{name} {values[name]!r} is not valid")
        if values["code"] in seen:
            raise RegisterFileError(path, line, f"code {values['code']} appears twice")
        seen.add(values["code"])
        rows.append((line, values))
    return rows


def text_line(path: Path, offset: int) -> int:
    return path.read_bytes()[:offset].count(b"\n") + 1


NAME = r"\S.{0,99}"


def _upsert(model, code: str, values: dict, result: LoadResult, key: str):
    obj = model.objects.filter(code=code).first()
    if obj is None:
        result.created[key] += 1
        return model.objects.create(code=code, **values)
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(changed))
        result.updated[key] += 1
    return obj


@transaction.atomic
def load_register(data_dir: Path = DATA_DIR) -> LoadResult:
    """Bring the register in line with the CSV files; all or nothing, and idempotent."""
    welfare_path = data_dir / "welfare_regions.csv"
    municipality_path = data_dir / "municipalities.csv"
    welfare_rows = _read_rows(
        welfare_path, WELFARE_REGION_COLUMNS, {"code": r"\d{2}", "name_fi": NAME, "name_sv": NAME}
    )
    municipality_rows = _read_rows(
        municipality_path,
        MUNICIPALITY_COLUMNS,
        {
            "code": r"\d{3}",
            "name_fi": NAME,
            "name_sv": NAME,
            "region_code": r"\d{2}",
            "region_fi": NAME,
            "region_sv": NAME,
            "welfare_region_code": r"\d{2}",
        },
    )
    welfare_codes = {values["code"] for _line, values in welfare_rows}
    regions: dict[str, tuple[str, str]] = {}
    for line, values in municipality_rows:
        if values["welfare_region_code"] not in welfare_codes:
            raise RegisterFileError(
                municipality_path, line, f"welfare region {values['welfare_region_code']} is not in {welfare_path.name}"
            )
        names = (values["region_fi"], values["region_sv"])
        if regions.setdefault(values["region_code"], names) != names:
            raise RegisterFileError(municipality_path, line, f"region {values['region_code']} has two names")

    result = LoadResult()
    welfare_regions = {
        values["code"]: _upsert(
            WelfareRegion,
            values["code"],
            {"name_fi": values["name_fi"], "name_sv": values["name_sv"]},
            result,
            "welfare_regions",
        )
        for _line, values in welfare_rows
    }
    region_objects = {
        code: _upsert(Region, code, {"name_fi": fi, "name_sv": sv}, result, "regions")
        for code, (fi, sv) in regions.items()
    }
    for _line, values in municipality_rows:
        _upsert(
            Municipality,
            values["code"],
            {
                "name_fi": values["name_fi"],
                "name_sv": values["name_sv"],
                "region": region_objects[values["region_code"]],
                "welfare_region": welfare_regions[values["welfare_region_code"]],
            },
            result,
            "municipalities",
        )
    return result
