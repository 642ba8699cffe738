from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import Municipality, Region, WelfareRegion
from members.register import DATA_DIR, RegisterFileError, load_register

pytestmark = pytest.mark.django_db


def test_register_has_the_2026_classification(register):
    assert Municipality.objects.count() == 308
    assert Region.objects.count() == 19
    assert WelfareRegion.objects.count() == 23
    virrat = Municipality.objects.select_related("region", "welfare_region").get(code="936")
    assert (virrat.name_fi, virrat.name_sv, virrat.region.name_fi) == ("Virrat", "Virdois", "Pirkanmaa")
    helsinki = Municipality.objects.get(code="091")
    assert helsinki.welfare_region.code == "90"
    assert not helsinki.welfare_region.is_welfare_region
    assert not Municipality.objects.filter(code="588").exists()  # Pertunmaa merged into Mäntyharju in 2025


def test_loading_twice_changes_nothing(register):
    before = list(Municipality.objects.order_by("code").values_list("pk", "code", "name_fi", "region_id"))
    second = load_register()
    assert not second.changed
    assert list(Municipality.objects.order_by("code").values_list("pk", "code", "name_fi", "region_id")) == before


def test_loading_updates_a_changed_name(register, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "municipalities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("936,Virrat,", "936,Virrat-uusi,"), encoding="utf-8")
    result = load_register(data)
    assert result.updated["municipalities"] == 1
    assert Municipality.objects.get(code="936").name_fi == "Virrat-uusi"


@pytest.mark.parametrize(
    ("replace", "line", "reason"),
    [
        ("936,Virrat,", "93X,Virrat,", "code '93X' is not valid"),
        ("936,Virrat,Virdois,06,", "936,Virrat,Virdois,", "expected 8 values"),
        ("936,Virrat,", "091,Virrat,", "appears twice"),
        (",Pirkanmaa,Birkaland,08,", ",Pirkanmaa,Birkaland,77,", "welfare region 77"),
    ],
)
def test_malformed_file_is_refused_with_its_line_and_nothing_is_written(tmp_path, no_register, replace, line, reason):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "municipalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, text in enumerate(lines) if text.startswith("936,"))
    lines[index] = lines[index].replace(replace, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RegisterFileError) as error:
        load_register(data)
    assert error.value.line == index + 1
    assert reason in error.value.reason
    assert Municipality.objects.count() == 0
    assert WelfareRegion.objects.count() == 0


def test_command_reports_the_line_of_a_malformed_file(tmp_path, no_register):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "welfare_regions.csv"
    path.write_text(path.read_text(encoding="utf-8") + "xx,Rikki,Trasig\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"welfare_regions.csv, line 25: code 'xx' is not valid"):
        call_command("load_register", data_dir=data)
    assert Municipality.objects.count() == 0


def test_wrong_header_is_refused(tmp_path, db):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "welfare_regions.csv"
    path.write_text("koodi,nimi\n01,X\n", encoding="utf-8")
    with pytest.raises(RegisterFileError, match="line 1"):
        load_register(data)
