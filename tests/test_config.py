"""The hall configuration: typed, validated, errors that name the file and the key."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kiosk import config
from kiosk.config import (
    CounterSection,
    HallSection,
    KioskConfig,
    ServerSection,
    ServiceSection,
    StoreSection,
)
from kiosk.core.errors import ConfigError
from kiosk.core.model import OpeningHours

SMALL = """\
[[services]]
code = "bill"
prefix = "A"
name_zh = "缴费"
name_en = "Bills"

[[services]]
code = "plan"
prefix = "B"
name_zh = "业务"
name_en = "Plans"

[[counters]]
number = 1
services = ["bill", "plan"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    """Load a file that must be refused; the one-line message."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    return message


def edited(old: str, new: str, text: str = SMALL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# -- errors name the file and the key ----------------------------------------------------


def test_configuration_errors_exit_with_their_own_code() -> None:
    assert ConfigError.exit_code == 3


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("colour = 'red'\n" + SMALL, "colour"),
        ("[hall]\nrecall_limits = 2\n" + SMALL, "hall.recall_limits"),
        (edited('name_en = "Bills"', 'name_en = "Bills"\nopens = "08:00"'), "services[0].opens"),
        (
            SMALL + "[[counters]]\nnumber = 2\nservices = ['bill']\nwindow = 3\n",
            "counters[1].window",
        ),
    ],
    ids=["top-level", "hall", "service", "counter"],
)
def test_unknown_key(tmp_path: Path, text: str, key: str) -> None:
    message = error_of(tmp_path, text)
    assert f": {key}" in message
    assert "unknown key" in message


def test_unknown_key_in_a_business_type_names_it(tmp_path: Path) -> None:
    message = error_of(tmp_path, edited('name_en = "Plans"', 'name_en = "Plans"\ncolour = 1'))
    assert "services[1].colour (business type 'plan'): unknown key" in message


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("[hall]\nrecall_limit = 'three'\n" + SMALL, "hall.recall_limit", "valid integer"),
        ("[hall]\nrecall_limit = 2.5\n" + SMALL, "hall.recall_limit", "valid integer"),
        ("[store]\nbusy_timeout_ms = '5s'\n" + SMALL, "store.busy_timeout_ms", "valid integer"),
        (
            edited('prefix = "A"', 'prefix = "A"\ngreen_channel = "yes"'),
            "services[0].green_channel (business type 'bill')",
            "valid boolean",
        ),
        (
            edited('prefix = "A"', "prefix = 1"),
            "services[0].prefix (business type 'bill')",
            "valid string",
        ),
        (
            edited('services = ["bill", "plan"]', 'services = "bill"'),
            "counters[0].services (counter 1)",
            "valid list",
        ),
    ],
    ids=["string-int", "float-int", "string-int-ms", "string-bool", "int-string", "string-list"],
)
def test_wrong_type(tmp_path: Path, text: str, key: str, expected: str) -> None:
    """TOML values are typed; a string is not silently turned into a number or a boolean."""
    message = error_of(tmp_path, text)
    assert f": {key}: " in message
    assert expected in message


def test_wrong_type_shows_the_value(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[hall]\nrecall_limit = 'three'\n" + SMALL)
    assert "got 'three'" in message


@pytest.mark.parametrize(
    ("hours", "shown"),
    [
        ('["25:00-26:00"]', "'25:00'"),
        ('["8:30-17:00"]', "'8:30-17:00'"),
        ('["17:00-09:00"]', "must end after it starts"),
        ('["09:00-09:00"]', "must end after it starts"),
        ("[]", "at least one interval"),
        ('"09:00-17:00"', "valid list"),
    ],
)
def test_bad_opening_hours(tmp_path: Path, hours: str, shown: str) -> None:
    message = error_of(tmp_path, edited('prefix = "A"', f'prefix = "A"\nhours = {hours}'))
    assert "services[0].hours (business type 'bill'): " in message
    assert shown in message


@pytest.mark.parametrize(("value", "shown"), [('"24:00"', "'24:00'"), ('"4"', "'4'")])
def test_bad_day_reset(tmp_path: Path, value: str, shown: str) -> None:
    message = error_of(tmp_path, f"[hall]\nday_reset = {value}\n" + SMALL)
    assert ": hall.day_reset: " in message
    assert shown in message


def test_counter_refers_to_unknown_business_type(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, edited('services = ["bill", "plan"]', 'services = ["bill", "vip"]')
    )
    assert "counters[0].services[1] (counter 1): unknown business type 'vip'" in message
    assert "known: bill, plan" in message


def test_counter_lists_a_business_type_twice(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, edited('services = ["bill", "plan"]', 'services = ["bill", "bill"]')
    )
    assert "counters[0].services[1] (counter 1): 'bill' is listed twice" in message


def test_counter_defined_twice(tmp_path: Path) -> None:
    message = error_of(tmp_path, SMALL + "[[counters]]\nnumber = 1\nservices = ['plan']\n")
    assert "counters[1].number (counter 1): counter 1 is defined twice" in message


def test_duplicate_prefix(tmp_path: Path) -> None:
    message = error_of(tmp_path, edited('prefix = "B"', 'prefix = "A"'))
    assert "services[1].prefix (business type 'plan'): 'A' is already used" in message


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('code = "plan"', 'code = "BILL"', "services[1].code (business type 'BILL')"),
        ('code = "plan"', 'code = "a"', "services[1].code (business type 'a')"),
    ],
)
def test_codes_and_prefixes_must_be_unambiguous(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    """Commands accept a code or a prefix, ignoring case: each must find one business type."""
    message = error_of(tmp_path, edited(old, new))
    assert f"{key}: " in message
    assert "is already used" in message


def test_a_business_type_may_use_its_prefix_as_its_code(tmp_path: Path) -> None:
    text = edited('services = ["bill", "plan"]', 'services = ["A", "plan"]')
    cfg = config.load(write(tmp_path, edited('code = "bill"', 'code = "A"', text)))
    assert cfg.to_hall().service("a").code == "A"


def test_last_number_with_too_many_digits(tmp_path: Path) -> None:
    message = error_of(tmp_path, edited('prefix = "A"', 'prefix = "A"\nlast_number = 1000'))
    assert "services[0].last_number (business type 'bill'): 1000 has more than 3 digits" in message


def test_last_number_below_first_number(tmp_path: Path) -> None:
    text = edited('prefix = "A"', 'prefix = "A"\nfirst_number = 500\nlast_number = 100')
    message = error_of(tmp_path, text)
    assert (
        "services[0].last_number (business type 'bill'): 100 is below first_number 500" in message
    )


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('prefix = "A"', 'prefix = "a"', "services[0].prefix"),
        ('prefix = "A"', 'prefix = "ABC"', "services[0].prefix"),
        ('code = "bill"', 'code = "bill payment"', "services[0].code"),
        ('name_zh = "缴费"', 'name_zh = ""', "services[0].name_zh"),
        ("number = 1", "number = 0", "counters[0].number"),
        ('services = ["bill", "plan"]', "services = []", "counters[0].services"),
    ],
)
def test_values_out_of_range(tmp_path: Path, old: str, new: str, key: str) -> None:
    message = error_of(tmp_path, edited(old, new))
    assert f": {key}" in message


def test_required_keys(tmp_path: Path) -> None:
    message = error_of(tmp_path, edited('name_en = "Bills"\n', ""))
    assert "services[0].name_en (business type 'bill'): required key is missing" in message
    empty = error_of(tmp_path, "")
    assert "services: required key is missing" in empty
    assert "counters: required key is missing" in empty


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = "[hall]\nrecall_limit = -1\nname = 'x'\n" + edited("number = 1", "number = 'one'")
    message = error_of(tmp_path, text)
    assert message.count("; ") == 2
    for key in ("hall.recall_limit", "hall.name", "counters[0].number"):
        assert key in message


def test_not_toml_at_all(tmp_path: Path) -> None:
    message = error_of(tmp_path, "<hall><name>Demo</name></hall>\n")
    assert "not valid TOML" in message
    assert "line 1" in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError, match=re.escape(f"{path}: configuration file not found")):
        config.load(path)


def test_a_directory_is_not_a_configuration(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        config.load(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "hall.toml"
    path.write_bytes(SMALL.encode("gb18030"))
    with pytest.raises(ConfigError, match=re.escape(f"{path}: not UTF-8 text")):
        config.load(path)


# -- defaults ----------------------------------------------------------------------------


def test_defaults(tmp_path: Path) -> None:
    cfg = config.load(write(tmp_path, SMALL))
    assert cfg.hall == HallSection(
        name_zh="营业厅",
        name_en="Service hall",
        day_reset="04:00",
        recall_limit=3,
        normal_per_priority=0,
    )
    assert cfg.store == StoreSection(url="", busy_timeout_ms=5000)
    bill = cfg.services[0]
    assert (bill.first_number, bill.last_number, bill.digits, bill.daily_cap) == (1, 999, 3, 0)
    assert bill.hours == ["00:00-24:00"]
    assert (bill.service_minutes, bill.target_wait_minutes) == (5.0, 10.0)
    assert (bill.green_channel, bill.enabled) == (True, True)
    assert (bill.description_zh, bill.description_en) == ("", "")
    assert cfg.counters[0] == CounterSection(number=1, services=["bill", "plan"])


def test_no_file_means_the_embedded_demo_hall() -> None:
    demo = config.load(None)
    assert demo.hall.name_en == "Demo Service Hall"
    assert [s.code for s in demo.services] == [
        "bill",
        "plan",
        "phone",
        "broadband",
        "complaint",
        "vip",
    ]
    assert [c.number for c in demo.counters] == [1, 2, 3, 4]
    assert config.parse(config.example_text(), "x") == demo


def test_the_example_explains_every_key() -> None:
    """`kiosk config example` is fully commented: every key is named in it."""
    text = config.example_text()
    for section in (
        HallSection,
        StoreSection,
        ServiceSection,
        CounterSection,
        KioskConfig,
        ServerSection,
    ):
        for name in section.model_fields:
            explained = rf"(?m)^#.*\b{name}\b|^{name} = |^\[+{name}\]+$"
            assert re.search(explained, text), (section.__name__, name)


# -- the domain's view -------------------------------------------------------------------


def test_to_hall_maps_every_setting(tmp_path: Path) -> None:
    text = (
        '[hall]\nday_reset = "03:30"\nrecall_limit = 1\nnormal_per_priority = 2\n'
        + edited(
            'name_en = "Bills"',
            'name_en = "Bills"\ndescription_zh = "缴费说明"\ndescription_en = "Pay"\n'
            "first_number = 100\nlast_number = 9999\ndigits = 4\ndaily_cap = 50\n"
            'hours = ["08:30-12:00", "13:30-24:00"]\nservice_minutes = 2.5\n'
            "target_wait_minutes = 7\ngreen_channel = false\nenabled = false",
        )
        + '[[counters]]\nnumber = 7\nname_zh = "贵宾窗口"\nname_en = "VIP"\nservices = ["plan"]\n'
    )
    hall = config.load(write(tmp_path, text)).to_hall()

    assert hall.rules.day_reset == dt.time(3, 30)
    assert (hall.rules.recall_limit, hall.rules.normal_per_priority) == (1, 2)

    bill = hall.service("bill")
    assert (bill.code, bill.prefix, bill.name_zh, bill.name_en) == ("bill", "A", "缴费", "Bills")
    assert (bill.description_zh, bill.description_en) == ("缴费说明", "Pay")
    assert (bill.first_number, bill.last_number, bill.digits) == (100, 9999, 4)
    assert bill.number_for(1) == "A0100"
    assert bill.daily_cap == 50
    assert bill.hours == (
        OpeningHours(dt.time(8, 30), dt.time(12, 0)),
        OpeningHours(dt.time(13, 30), None),
    )
    assert bill.default_service_minutes == 2.5
    assert bill.target_wait == dt.timedelta(minutes=7)
    assert (bill.priority_allowed, bill.enabled) == (False, False)

    plan = hall.service("plan")
    assert plan.daily_cap is None  # 0 in the file: no cap
    assert (plan.priority_allowed, plan.enabled) == (True, True)

    assert [(c.number, c.name_zh, c.name_en, c.services) for c in hall.counters] == [
        (1, "1号窗口", "Counter 1", ("bill", "plan")),
        (7, "贵宾窗口", "VIP", ("plan",)),
    ]


def test_demo_hall_opening_hours() -> None:
    vip = config.load(None).to_hall().service("vip")
    day = dt.date(2026, 11, 24)
    assert not vip.open_at(dt.datetime.combine(day, dt.time(8, 59)))
    assert vip.open_at(dt.datetime.combine(day, dt.time(9, 0)))
    assert vip.open_at(dt.datetime.combine(day, dt.time(16, 59, 59)))
    assert not vip.open_at(dt.datetime.combine(day, dt.time(17, 0)))
    bill = config.load(None).to_hall().service("bill")
    assert bill.open_at(dt.datetime.combine(day, dt.time(23, 59, 59)))
    assert bill.open_at(dt.datetime.combine(day, dt.time(0, 0)))


def test_configuration_is_immutable() -> None:
    demo = config.load(None)
    with pytest.raises(ValueError, match="frozen"):
        demo.hall.recall_limit = 5  # type: ignore[misc]
    assert isinstance(demo, KioskConfig)


def test_the_examples_in_the_documentation_are_valid() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text(
        encoding="utf-8"
    )
    examples = re.findall(r"```toml\n(.*?)```", docs, re.S)
    assert examples
    for text in examples:
        config.parse(text, "docs/configuration.md")


# -- the counter devices and the voice --------------------------------------------------

BUS = """
[[devices.bus]]
name = "rs485-1"
url = "/dev/ttyUSB0"

[[devices.display]]
bus = "rs485-1"
address = 1
counter = 1

[[devices.keypad]]
bus = "rs485-1"
address = 101
counter = 1
transfer_service = "plan"

[[devices.evaluator]]
bus = "rs485-1"
address = 201
counter = 1
"""


def test_buses_and_devices_become_the_hubs_settings(tmp_path: Path) -> None:
    from kiosk.app import Settings, devices_settings

    text = SMALL + BUS + '\n[voice]\noutput = "null"\nlanguages = ["en"]\nrepeat = 1\n'
    cfg = config.load(write(tmp_path, text))
    ds = devices_settings(Settings(cfg, "hall.toml", tmp_path))
    assert [(b.name, b.url, b.baudrate, b.timeout_s) for b in ds.buses] == [
        ("rs485-1", "/dev/ttyUSB0", 9600, 0.1)
    ]
    assert [(d.address, d.counter) for d in ds.displays] == [(1, 1)]
    assert [(k.address, k.transfer_service) for k in ds.keypads] == [(101, "plan")]
    assert [(e.address, e.timeout_s) for e in ds.evaluators] == [(201, 30.0)]
    assert (ds.voice.output, ds.voice.languages, ds.voice.repeat) == ("null", ("en",), 1)
    assert ds.problems([1]) == []


def test_every_device_and_voice_key_reaches_the_settings_its_part_takes() -> None:
    """Issue 10: a bus setting was mapped by hand three times (section, app, bus settings),
    so a new key could be validated, documented and then dropped on the way. Now one
    mapping by name; every key of these sections has its field."""
    from kiosk.devices.bus import BusSettings
    from kiosk.devices.settings import (
        DevicesSettings,
        DisplaySettings,
        EvaluatorSettings,
        KeypadSettings,
        VoiceSettings,
    )

    for section, part in (
        (config.BusSection, BusSettings),
        (config.DisplayDeviceSection, DisplaySettings),
        (config.KeypadSection, KeypadSettings),
        (config.EvaluatorSection, EvaluatorSettings),
        (config.VoiceSection, VoiceSettings),
    ):
        assert config.unmapped_keys(section, part) == set(), section.__name__
    # the lists become the buses and devices, the [voice] table the voice (devices.voice
    # only silences it); printer is the printer's and simulate picks the demo bus
    assert config.unmapped_keys(config.DevicesSection, DevicesSettings) == {
        "printer", "simulate", "bus", "display", "keypad", "evaluator"
    }  # fmt: skip


def test_every_bus_key_arrives_in_the_bus_settings_converted(tmp_path: Path) -> None:
    values = {
        "baudrate": 19200, "parity": '"E"', "stopbits": 2, "timeout_ms": 250, "retries": 4,
        "offline_after": 7, "probe_ms": 3000, "check_ms": 20000, "poll_ms": 80,
        "idle_poll_ms": 400,
        "reconnect_min_ms": 700, "reconnect_max_ms": 9000, "discard_echo": "true",
    }  # fmt: skip
    bus = BUS.replace('url = "/dev/ttyUSB0"\n', 'url = "/dev/ttyUSB0"\n' + "".join(
        f"{k} = {v}\n" for k, v in values.items()
    ))  # fmt: skip
    assert "discard_echo" in bus
    [b] = config.load(write(tmp_path, SMALL + bus)).devices_settings().buses
    assert (b.baudrate, b.parity, b.stopbits, b.retries, b.offline_after) == (19200, "E", 2, 4, 7)
    assert (b.timeout_s, b.probe_s, b.check_s, b.poll_s, b.idle_poll_s) == (
        0.25,
        3.0,
        20.0,
        0.08,
        0.4,
    )
    assert (b.reconnect_min_s, b.reconnect_max_s, b.discard_echo) == (0.7, 9.0, True)


def test_the_demo_hall_simulates_its_devices() -> None:
    from kiosk.app import devices_settings, load_settings

    ds = devices_settings(load_settings(None, None))
    assert [b.url for b in ds.buses] == ["sim"]
    assert len(ds.displays) == 5 and len(ds.keypads) == 4 and len(ds.evaluators) == 4


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('bus = "rs485-1"\naddress = 1\n', 'bus = "rs485-2"\naddress = 1\n',
         "devices.display[0].bus: unknown bus 'rs485-2' (known: rs485-1)"),
        ("address = 101", "address = 1",
         "devices.keypad[0].address: address 1 on bus 'rs485-1' is already devices.display[0]'s"),
        ("address = 201", "address = 248", "devices.evaluator[0].address"),
        ("address = 201\ncounter = 1", "address = 201\ncounter = 7",
         "devices.evaluator[0].counter: no counter 7 in the hall"),
        ('transfer_service = "plan"', 'transfer_service = "vip"',
         "devices.keypad[0].transfer_service: unknown business type 'vip' (known: bill, plan)"),
        ('url = "/dev/ttyUSB0"', 'url = "/dev/ttyUSB0"\nparity = "X"', "devices.bus[0].parity"),
    ],
)  # fmt: skip
def test_device_errors_name_the_key(tmp_path: Path, old: str, new: str, says: str) -> None:
    message = error_of(tmp_path, edited(old, new, SMALL + BUS))
    assert says in message, message


def test_simulated_and_configured_buses_do_not_mix(tmp_path: Path) -> None:
    message = error_of(tmp_path, SMALL + "\n[devices]\nsimulate = true\n" + BUS)
    assert "devices.simulate: the simulated demo bus and configured buses" in message


def test_a_voice_output_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, SMALL + '\n[voice]\noutput = "speaker"\n')
    assert "voice.output" in message and "folder:PATH" in message


@pytest.mark.parametrize("ratio", ["1.0", "0.5", "101", '"wide"'])
def test_a_wait_range_ratio_out_of_range_is_refused_naming_it(tmp_path: Path, ratio: str) -> None:
    message = error_of(tmp_path, f"[hall]\nwait_range_ratio = {ratio}\n" + SMALL)
    assert "hall.wait_range_ratio" in message, message


def test_a_wait_range_ratio_that_is_not_a_number_is_called_so(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[hall]\nwait_range_ratio = nan\n" + SMALL)
    assert "hall.wait_range_ratio" in message and "finite number" in message, message


def test_the_wait_range_ratio_reaches_the_hall_rules(tmp_path: Path) -> None:
    assert config.load(write(tmp_path, SMALL)).to_hall().rules.wait_range_ratio == 3.0
    hall = config.load(write(tmp_path, "[hall]\nwait_range_ratio = 2.5\n" + SMALL)).to_hall()
    assert hall.rules.wait_range_ratio == 2.5
