"""True vehicles: Belizean, Guatemalan and Mexican plates, VINs with and without check digits."""

from __future__ import annotations

import random
from dataclasses import dataclass

from producers.simulator.places import DISTRICT_CODES

VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_TRANSLIT = {c: v for c, v in zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9))}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"
_PLATE_LETTERS = "BCDFGHJKLMNPRSTVWXYZ"


@dataclass(frozen=True, slots=True)
class Model:
    make: str
    model: str
    wmi: str  # first three VIN characters, "" for Japanese-market chassis numbers
    north_american: bool  # VIN position 9 is an ISO 3779 / NHTSA check digit


CATALOG: tuple[Model, ...] = (
    Model("Toyota", "Hilux", "JTF", False),
    Model("Toyota", "Hilux", "", False),
    Model("Toyota", "Tacoma", "5TF", True),
    Model("Toyota", "Tacoma", "3TM", True),
    Model("Toyota", "Corolla", "", False),
    Model("Toyota", "Land Cruiser Prado", "", False),
    Model("Toyota", "4Runner", "JTE", True),
    Model("Nissan", "Frontier", "1N6", True),
    Model("Nissan", "Sentra", "3N1", True),
    Model("Honda", "Civic", "2HG", True),
    Model("Honda", "CR-V", "", False),
    Model("Ford", "F-150", "1FT", True),
    Model("Ford", "Ranger", "1FT", True),
    Model("Ford", "Explorer", "1FM", True),
    Model("Chevrolet", "Silverado", "1GC", True),
    Model("Chevrolet", "Silverado", "3GC", True),
    Model("Isuzu", "D-Max", "MPA", False),
    Model("Mitsubishi", "L200", "MMB", False),
    Model("Hyundai", "Tucson", "KMH", False),
    Model("Kia", "Sportage", "KNA", False),
    Model("Suzuki", "Vitara", "JS3", False),
    Model("Volkswagen", "Jetta", "3VW", True),
)

COLORS = ("White", "Silver", "Black", "Red", "Blue", "Grey", "Green", "Gold", "Maroon")


@dataclass(frozen=True, slots=True)
class Plate:
    """A registration: issuing country, its structured parts, and the canonical written form."""

    country: str
    prefix: str  # district + class (BZ), usage letter (GT), "" (MX)
    number: str

    @property
    def text(self) -> str:
        if self.country == "BZ":
            district, cls = self.prefix.split(" ")
            return f"{district} {cls}-{self.number}"
        if self.country == "GT":
            return f"{self.prefix} {self.number}"
        return self.number


@dataclass(frozen=True, slots=True)
class Vehicle:
    """A real vehicle."""

    entity_id: str
    make: str
    model: str
    color: str
    year: int
    vin: str
    vin_check_digit: bool
    plate: Plate
    owner_id: str | None = None
    old_plate: Plate | None = None  # re-registered: some records still carry the previous plate


def vin_check_digit(vin: str) -> str:
    """The ISO 3779 / NHTSA check character for a 17-character VIN (position 9)."""
    total = sum((int(c) if c.isdigit() else _TRANSLIT[c]) * w for c, w in zip(vin, _WEIGHTS))
    r = total % 11
    return "X" if r == 10 else str(r)


def _vin(model: Model, year: int, rng: random.Random) -> str:
    if not model.wmi:  # Japanese domestic-market chassis number, e.g. "KUN25-1234567"
        frame = rng.choice(("KUN25", "GRN215", "ZRE142", "KDN185", "RD1", "TRJ150"))
        return f"{frame}-{rng.randrange(10**7):07d}"
    body = "".join(rng.choice(VIN_ALPHABET) for _ in range(5))
    plant = rng.choice(VIN_ALPHABET)
    serial = f"{rng.randrange(10**6):06d}"
    vin = f"{model.wmi}{body}0{_YEAR_CODES[(year - 1980) % 30]}{plant}{serial}"
    if model.north_american:
        return vin[:8] + vin_check_digit(vin) + vin[9:]
    return vin[:8] + rng.choice(VIN_ALPHABET) + vin[9:]


def new_plate(country: str, rng: random.Random) -> Plate:
    if country == "GT":
        letters = "".join(rng.choice(_PLATE_LETTERS) for _ in range(3))
        return Plate("GT", rng.choice("PPPPMC"), f"{rng.randrange(1000):03d}{letters}")
    if country == "MX":
        letters = "".join(rng.choice(_PLATE_LETTERS) for _ in range(3))
        return Plate("MX", "", f"{letters}-{rng.randrange(100):02d}-{rng.randrange(100):02d}")
    district = rng.choice(tuple(DISTRICT_CODES.values()))
    cls = rng.choices(("C", "P", "T"), (0.75, 0.2, 0.05))[0]
    return Plate("BZ", f"{district} {cls}", f"{rng.randint(1, 39999):05d}")


def new_vehicle(entity_id: str, country: str, rng: random.Random) -> Vehicle:
    model = rng.choice(CATALOG)
    year = rng.randint(1998, 2024)
    return Vehicle(
        entity_id=entity_id, make=model.make, model=model.model, color=rng.choice(COLORS), year=year,
        vin=_vin(model, year, rng), vin_check_digit=model.north_american, plate=new_plate(country, rng),
        old_plate=new_plate(rng.choice(("BZ", "BZ", "GT", "MX")), rng) if rng.random() < 0.04 else None,
    )


def plate_forms(plate: Plate) -> tuple[str, ...]:
    """Ways a whole plate is written (spacing and dashes differ between systems)."""
    if plate.country == "BZ":
        district, cls = plate.prefix.split(" ")
        n = plate.number
        return (plate.text, f"{district}-{cls}-{n}", f"{district}{cls}{n}", f"{district} {cls} {n}", f"{cls}-{n}", f"{cls} {n}")
    if plate.country == "GT":
        n = plate.number
        return (plate.text, f"{plate.prefix}{n}", f"{plate.prefix}-{n}", f"{plate.prefix} {n[:3]} {n[3:]}", n)
    compact = plate.number.replace("-", "")
    return (plate.number, compact, f"{compact[:3]} {compact[3:]}", plate.number.replace("-", " "))


def plate_fragment(plate: Plate, rng: random.Random) -> str:
    """A partial plate a witness caught: the digits only, or the first or last few characters."""
    compact = plate.text.replace(" ", "").replace("-", "")
    if rng.random() < 0.5:
        return plate.number.replace("-", "")[-4:]
    k = rng.randint(4, max(4, len(compact) - 2))
    return compact[:k] if rng.random() < 0.5 else compact[-k:]


MAKE_FORMS: dict[str, tuple[str, ...]] = {
    "Toyota": ("TOYOTA", "Toyota", "Toyota Motor", "Toyta"),
    "Nissan": ("NISSAN", "Nissan", "Datsun/Nissan"),
    "Honda": ("HONDA", "Honda"),
    "Ford": ("FORD", "Ford", "Ford Motor Co"),
    "Chevrolet": ("CHEVROLET", "Chevrolet", "Chevy", "Chev"),
    "Isuzu": ("ISUZU", "Isuzu"),
    "Mitsubishi": ("MITSUBISHI", "Mitsubishi", "Mitsu"),
    "Hyundai": ("HYUNDAI", "Hyundai", "Hyundia"),
    "Kia": ("KIA", "Kia", "Kia Motors"),
    "Suzuki": ("SUZUKI", "Suzuki"),
    "Volkswagen": ("VOLKSWAGEN", "Volkswagen", "VW"),
}

COLOR_FORMS: dict[str, tuple[str, ...]] = {
    "White": ("WHITE", "white", "Blanco", "WHT"),
    "Silver": ("SILVER", "Plateado", "silver/grey"),
    "Black": ("BLACK", "Negro", "BLK"),
    "Red": ("RED", "Rojo"),
    "Blue": ("BLUE", "Azul", "dark blue"),
    "Grey": ("GREY", "Gray", "Gris"),
    "Green": ("GREEN", "Verde"),
    "Gold": ("GOLD", "Dorado", "champagne"),
    "Maroon": ("MAROON", "Vino", "burgundy"),
}
