"""Name pools of Belize's peoples and its neighbours, with nicknames agencies write instead.

Each ``Culture`` names the given names (by sex) and surnames a person of that
community is drawn from, and whether surnames are Spanish-style double
(paternal + maternal) or a single family name written first (Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Culture:
    """A naming tradition: its pools and how a full name is put together."""

    name: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    double_surname: bool = False
    family_first: bool = False
    nationality: str = "BZ"


_HISPANIC_MALE = (
    "José", "Juan", "Luis", "Carlos", "Jorge", "Jesús", "Francisco", "Manuel", "Miguel",
    "Pedro", "Antonio", "Ignacio", "Roberto", "Alberto", "Eduardo", "Enrique", "Ramón",
    "Rafael", "Andrés", "Julián", "Sebastián", "Óscar", "Héctor", "Rubén", "Efraín",
    "Guadalupe", "Marvin", "Wilmer", "Erick", "Ángel",
)
_HISPANIC_FEMALE = (
    "María", "Ana", "Rosa", "Guadalupe", "Dolores", "Concepción", "Rosario", "Lucía",
    "Sofía", "Verónica", "Mónica", "Patricia", "Gabriela", "Yesenia", "Marisol", "Inés",
    "Beatriz", "Mercedes", "Leticia", "Ramona", "Elena", "Josefina", "Dulce", "Karla",
)
_HISPANIC_SURNAMES = (
    "López", "García", "Hernández", "Martínez", "González", "Pérez", "Rodríguez",
    "Sánchez", "Ramírez", "Flores", "Cruz", "Gómez", "Díaz", "Reyes", "Morales",
    "Jiménez", "Ruiz", "Vásquez", "Castillo", "Ortiz", "Chávez", "Guerrero", "Mendoza",
    "Aguilar", "Cal", "Cervantes", "Espat", "Briceño", "Ayuso", "Ancona", "Novelo",
    "Canul", "Sosa", "Magaña", "Villanueva", "Salazar", "Núñez", "Peña", "Ávila",
    "de la Cruz", "de León", "del Valle", "de la Fuente", "de los Santos",
)
_KRIOL_MALE = (
    "William", "Robert", "Richard", "Michael", "Anthony", "James", "Joseph", "Charles",
    "Edward", "Ronald", "Kevin", "Kelvin", "Dwight", "Shane", "Dean", "Leroy", "Clifford",
    "Glenford", "Elvin", "Delroy", "Trevor", "Kenrick", "Andre", "Jermaine",
)
_KRIOL_FEMALE = (
    "Elizabeth", "Margaret", "Patricia", "Jennifer", "Sharon", "Marcia", "Yvonne",
    "Shanice", "Keisha", "Latoya", "Cynthia", "Dorla", "Sheryl", "Kimberly", "Deborah",
)
_KRIOL_SURNAMES = (
    "Young", "Gillett", "Flowers", "Usher", "Tillett", "Gentle", "Bradley", "Baptist",
    "Lamb", "Neal", "Hyde", "Staine", "Card", "Dawson", "Welch", "Belisle", "Fairweather",
    "Arnold", "Lightburn", "Panton", "Pitts", "Myvett", "Lewis", "Smith", "Jones", "Brown",
)
_MAYA_MALE = (
    "José", "Juan", "Santiago", "Francisco", "Marcos", "Pablo", "Mateo", "Domingo",
    "Cornelio", "Pascual", "Lorenzo", "Sebastián", "Manuel", "Alfonso", "Martín",
)
_MAYA_FEMALE = (
    "María", "Juana", "Rosa", "Candelaria", "Petrona", "Matilda", "Sabina", "Cristina",
    "Florentina", "Catarina", "Aurelia", "Olivia",
)
_MAYA_SURNAMES = (
    "Choc", "Coc", "Pop", "Cal", "Chub", "Tzib", "Teck", "Bol", "Caal", "Ical", "Sho",
    "Makin", "Ack", "Xuc", "Cho", "Tush", "Pau", "Coy", "Sam", "Chiac",
)
_GARIFUNA_MALE = (
    "Luis", "Francisco", "Thomas", "Pablo", "Sebastian", "Augustine", "Felix", "Justo",
    "Calvin", "Rodney", "Fermin", "Andy",
)
_GARIFUNA_FEMALE = ("Phyllis", "Felicia", "Celestina", "Andrea", "Marcella", "Lucia", "Nora", "Sylvia")
_GARIFUNA_SURNAMES = (
    "Arzu", "Nunez", "Castillo", "Martinez", "Palacio", "Lambey", "Zuniga", "Cacho",
    "Flores", "Ramos", "Sabal", "Mejia", "Lopez", "Bernardez", "Alvarez",
)
_MENNONITE_MALE = (
    "Abram", "Johan", "Peter", "Heinrich", "Jacob", "Cornelius", "Isaak", "Franz",
    "David", "Bernhard", "Gerhard", "Klaas",
)
_MENNONITE_FEMALE = (
    "Aganetha", "Maria", "Helena", "Katharina", "Susanna", "Anna", "Sara", "Margaretha",
    "Elisabeth", "Justina",
)
_MENNONITE_SURNAMES = (
    "Friesen", "Penner", "Reimer", "Wiebe", "Dyck", "Thiessen", "Klassen", "Peters",
    "Fehr", "Loewen", "Giesbrecht", "Neufeld",
)
_CHINESE_MALE = ("Wei", "Jian", "Ming", "Hao", "Jun", "Cheng", "Kai", "Tsung-Han", "Chih-Wei", "Yu")
_CHINESE_FEMALE = ("Mei", "Li", "Hui", "Yan", "Ling", "Hsiu-Ying", "Shu-Fen", "Xiu")
_CHINESE_SURNAMES = ("Chen", "Lin", "Wang", "Zhang", "Li", "Liu", "Huang", "Wu", "Tsai", "Lee", "Chang", "Ho")
_INDIAN_MALE = ("Ramesh", "Sanjay", "Vijay", "Anil", "Rahul", "Deepak", "Raj", "Suresh", "Ashok")
_INDIAN_FEMALE = ("Priya", "Anita", "Sunita", "Kavita", "Pooja", "Neha", "Radha")
_INDIAN_SURNAMES = ("Singh", "Persaud", "Ramcharan", "Mohammed", "Khan", "Gupta", "Patel", "Mahabir", "Sookram")

CULTURES: tuple[tuple[Culture, float], ...] = (
    (Culture("mestizo", _HISPANIC_MALE, _HISPANIC_FEMALE, _HISPANIC_SURNAMES, double_surname=True), 0.38),
    (Culture("kriol", _KRIOL_MALE, _KRIOL_FEMALE, _KRIOL_SURNAMES), 0.22),
    (Culture("maya", _MAYA_MALE, _MAYA_FEMALE, _MAYA_SURNAMES, double_surname=True), 0.11),
    (Culture("garifuna", _GARIFUNA_MALE, _GARIFUNA_FEMALE, _GARIFUNA_SURNAMES), 0.06),
    (Culture("mennonite", _MENNONITE_MALE, _MENNONITE_FEMALE, _MENNONITE_SURNAMES), 0.05),
    (Culture("chinese", _CHINESE_MALE, _CHINESE_FEMALE, _CHINESE_SURNAMES, family_first=True), 0.03),
    (Culture("east_indian", _INDIAN_MALE, _INDIAN_FEMALE, _INDIAN_SURNAMES), 0.03),
    (
        Culture(
            "guatemalan", _HISPANIC_MALE + _MAYA_MALE, _HISPANIC_FEMALE + _MAYA_FEMALE,
            _HISPANIC_SURNAMES + _MAYA_SURNAMES, double_surname=True, nationality="GT",
        ),
        0.08,
    ),
    (
        Culture(
            "mexican", _HISPANIC_MALE, _HISPANIC_FEMALE, _HISPANIC_SURNAMES,
            double_surname=True, nationality="MX",
        ),
        0.04,
    ),
)
"""Communities and their share of the simulated population."""

NICKNAMES: dict[str, tuple[str, ...]] = {
    "José": ("Pepe", "Chepe", "Joselito"),
    "Francisco": ("Pancho", "Paco", "Chico"),
    "Guadalupe": ("Lupe", "Lupita"),
    "Jesús": ("Chucho", "Chuy"),
    "Ignacio": ("Nacho",),
    "Roberto": ("Beto",),
    "Alberto": ("Beto",),
    "Enrique": ("Kike",),
    "Eduardo": ("Lalo",),
    "Manuel": ("Manolo", "Manny"),
    "Juan": ("Juanito",),
    "Carlos": ("Carlitos",),
    "Rosa": ("Rosita",),
    "Rosario": ("Chayo",),
    "Concepción": ("Conchita", "Concha"),
    "Dolores": ("Lola",),
    "Josefina": ("Chepita",),
    "Antonio": ("Toño", "Tony"),
    "William": ("Bill", "Willie", "Will"),
    "Robert": ("Bob", "Rob", "Bobby"),
    "Richard": ("Rick", "Dick", "Richie"),
    "Michael": ("Mike",),
    "Anthony": ("Tony",),
    "James": ("Jim", "Jimmy"),
    "Joseph": ("Joe",),
    "Charles": ("Charlie",),
    "Edward": ("Eddie", "Ed"),
    "Ronald": ("Ron", "Ronnie"),
    "Elizabeth": ("Liz", "Beth", "Betty"),
    "Margaret": ("Maggie", "Peggy"),
    "Patricia": ("Patty", "Trish"),
    "Jennifer": ("Jenny",),
    "Kimberly": ("Kim",),
    "Deborah": ("Debbie",),
    "Thomas": ("Tom", "Tommy"),
    "Abram": ("Abe",),
    "Jacob": ("Jake",),
    "Cornelius": ("Neil",),
    "Katharina": ("Tina", "Trien"),
    "Johan": ("Hans",),
    "Heinrich": ("Henry",),
    "Elisabeth": ("Liese",),
}
"""Formal given name -> nicknames or diminutives an officer may write instead."""

SPANISH_PARTICLES = ("de", "del", "de la", "de los", "de las")
