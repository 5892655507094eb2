"""True firearms: makes, models, calibers and serial formats, and how each is written."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GunModel:
    make: str
    model: str
    caliber: str
    firearm_type: str
    serial_pattern: str  # L = letter, D = digit, anything else literal


CATALOG: tuple[GunModel, ...] = (
    GunModel("Glock", "17", "9x19", "pistol", "LLLDDD"),
    GunModel("Glock", "19", "9x19", "pistol", "LLLDDD"),
    GunModel("Smith & Wesson", "Model 10", ".38 Special", "revolver", "LDDDDDD"),
    GunModel("Smith & Wesson", "M&P9", "9x19", "pistol", "LLLDDDD"),
    GunModel("Taurus", "PT92", "9x19", "pistol", "LLLDDDDD"),
    GunModel("Taurus", "G2C", "9x19", "pistol", "LLLDDDDD"),
    GunModel("Taurus", "Model 85", ".38 Special", "revolver", "LLDDDDDD"),
    GunModel("Beretta", "92FS", "9x19", "pistol", "BERDDDDDDZ"),
    GunModel("Colt", "1911", ".45 ACP", "pistol", "DDDDDDC"),
    GunModel("Sturm Ruger", "LCP", ".380 ACP", "pistol", "DDD-DDDDD"),
    GunModel("Hi-Point", "C9", "9x19", "pistol", "PDDDDDDD"),
    GunModel("Norinco", "Type 56", "7.62x39", "rifle", "DDDDDDDD"),
    GunModel("Norinco", "SKS", "7.62x39", "rifle", "DDDDDDDD"),
    GunModel("Mossberg", "500", "12 gauge", "shotgun", "LDDDDDD"),
    GunModel("Remington", "870", "12 gauge", "shotgun", "LDDDDDDDM"),
    GunModel("Colt", "AR-15", "5.56x45", "rifle", "LLDDDDDD"),
    GunModel("SIG Sauer", "P320", "9x19", "pistol", "DDLDDDDDD"),
    GunModel("Bersa", "Thunder 380", ".380 ACP", "pistol", "DDDDDD"),
    GunModel("Jimenez Arms", "JA-22", ".22 LR", "pistol", "DDDDDDD"),
)

MAKE_FORMS: dict[str, tuple[str, ...]] = {
    "Glock": ("GLOCK", "Glock", "Glock GmbH", "Glock Ges.m.b.H."),
    "Smith & Wesson": ("S&W", "Smith and Wesson", "SMITH & WESSON", "Smith & Wesson", "S & W", "Smith&Wesson"),
    "Taurus": ("TAURUS", "Taurus", "Forjas Taurus", "Taurus Armas"),
    "Beretta": ("BERETTA", "Beretta", "Pietro Beretta", "P. Beretta"),
    "Colt": ("COLT", "Colt", "Colt's Mfg", "COLT'S"),
    "Sturm Ruger": ("RUGER", "Ruger", "Sturm, Ruger & Co.", "Sturm Ruger"),
    "Hi-Point": ("HI-POINT", "Hi Point", "HIPOINT", "Hi-Point"),
    "Norinco": ("NORINCO", "Norinco", "China North Industries"),
    "Mossberg": ("MOSSBERG", "Mossberg", "O.F. Mossberg & Sons"),
    "Remington": ("REMINGTON", "Remington", "Remington Arms"),
    "SIG Sauer": ("SIG SAUER", "Sig", "SIG-Sauer", "Sig Sauer"),
    "Bersa": ("BERSA", "Bersa"),
    "Jimenez Arms": ("JIMENEZ", "Jimenez Arms", "Jiménez Arms"),
}

CALIBER_FORMS: dict[str, tuple[str, ...]] = {
    "9x19": ("9mm", "9x19", "9mm Luger", "9mm Parabellum", "9 MM", "9mm Para", "9X19MM"),
    ".38 Special": (".38 Spl", ".38 SPL", "38 Special", ".38 Special", ".38"),
    ".45 ACP": (".45 ACP", ".45 Auto", "45ACP", ".45"),
    ".380 ACP": (".380 ACP", "380 Auto", ".380", "9mm Kurz"),
    "7.62x39": ("7.62x39", "7.62X39MM", "7.62 x 39"),
    "12 gauge": ("12 gauge", "12ga", "12 GA", "Cal. 12"),
    "5.56x45": ("5.56x45", "5.56 NATO", ".223 Rem", "5.56mm"),
    ".22 LR": (".22 LR", "22LR", ".22", ".22 Long Rifle"),
}

TYPE_FORMS: dict[str, tuple[str, ...]] = {
    "pistol": ("pistol", "PISTOL", "semi-automatic pistol", "handgun", "pistola"),
    "revolver": ("revolver", "REVOLVER", "revólver", "handgun"),
    "rifle": ("rifle", "RIFLE", "assault rifle", "fusil"),
    "shotgun": ("shotgun", "SHOTGUN", "escopeta", "pump-action shotgun"),
}


@dataclass(frozen=True, slots=True)
class Firearm:
    """A real gun. ``serial`` is None for a gun made or found without one."""

    entity_id: str
    make: str
    model: str
    caliber: str
    firearm_type: str
    serial: str | None
    holder_id: str | None = None
    vehicle_id: str | None = None
    hard_case: str | None = None


def new_serial(pattern: str, rng: random.Random) -> str:
    out = []
    for c in pattern:
        if c == "L":
            out.append(rng.choice(string.ascii_uppercase))
        elif c == "D":
            out.append(rng.choice(string.digits))
        else:
            out.append(c)
    return "".join(out)


def new_firearm(entity_id: str, rng: random.Random, serial_less: bool = False) -> Firearm:
    model = rng.choice(CATALOG)
    return Firearm(
        entity_id=entity_id, make=model.make, model=model.model, caliber=model.caliber,
        firearm_type=model.firearm_type, serial=None if serial_less else new_serial(model.serial_pattern, rng),
        hard_case="serial_less" if serial_less else None,
    )


def serial_clash(ids: tuple[str, str], rng: random.Random) -> list[Firearm]:
    """Two different guns whose serials are identical but whose makes differ."""
    a = new_firearm(ids[0], rng)
    other = rng.choice([m for m in CATALOG if m.make != a.make])
    b = Firearm(ids[1], other.make, other.model, other.caliber, other.firearm_type, a.serial, hard_case="serial_clash")
    return [Firearm(a.entity_id, a.make, a.model, a.caliber, a.firearm_type, a.serial, hard_case="serial_clash"), b]
