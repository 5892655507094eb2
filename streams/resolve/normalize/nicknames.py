"""Given-name variants: Spanish and English nicknames, diminutives and spellings, as data.

``NICKNAMES`` maps a canonical (folded) given name to the forms that stand for it. A form
that could stand for two names ("CHELO": Consuelo or Marcelo) goes to the commoner one.
"""

from __future__ import annotations

NICKNAMES: dict[str, tuple[str, ...]] = {
    # Spanish, masculine
    "JOSE": ("PEPE", "CHEPE", "PEPITO", "CHEPITO", "JOSEITO", "JOSECITO", "CHEMA", "JOSEPH", "JOE", "JOEY", "GIUSEPPE"),
    "FRANCISCO": ("PANCHO", "PACO", "PAQUITO", "FRANCO", "KIKO", "CURRO", "FRANK", "FRANCIS", "FRANKIE", "CISCO", "CHICO"),
    "JESUS": ("CHUCHO", "CHUY", "CHUS", "JESSE"),
    "IGNACIO": ("NACHO", "IGNATIUS", "NACHITO"),
    "GUILLERMO": ("MEMO", "WILLIAM", "WILLY", "GUILLE", "MEMITO"),
    "WILLIAM": ("BILL", "BILLY", "WILL", "WILLIE", "LIAM", "WILLS"),
    "ROBERT": ("ROBERTO", "BOB", "BOBBY", "ROB", "ROBBIE", "BERT"),
    "ROBERTO": ("BETO", "TITO", "ROBER"),
    "MICHAEL": ("MIKE", "MIKEY", "MICKEY", "MICK", "MIGUEL"),
    "MIGUEL": ("MIKI", "MIGUELITO", "GUELO"),
    "ANTHONY": ("TONY", "ANTONY", "TONI", "ANTONIO"),
    "ANTONIO": ("TONO", "TONIO", "NENO"),
    "ALBERTO": ("BETITO", "TICO", "ALBERT", "AL"),
    "ALEJANDRO": ("ALEX", "ALE", "JANDRO", "ALEXANDER", "SANDRO", "ALEJO"),
    "ALEXANDER": ("ALEC", "XANDER", "SASHA"),
    "ALFREDO": ("FREDO", "ALFRED", "FREDDY", "FREDDIE"),
    "ANDRES": ("ANDY", "ANDREW", "DRES"),
    "ARTURO": ("ARTIE", "ARTHUR", "TURO"),
    "CARLOS": ("CARLITOS", "CHARLIE", "CHARLES", "CHARLY", "CALI"),
    "DANIEL": ("DANNY", "DANY", "DAN", "DANI"),
    "EDUARDO": ("LALO", "EDDIE", "EDDY", "EDWARD", "ED", "EDU"),
    "ENRIQUE": ("QUIQUE", "KIKE", "HENRY", "HARRY", "HANK", "RIQUE"),
    "ERNESTO": ("NETO", "ERNIE", "ERNEST", "TITO"),
    "FEDERICO": ("FEDE", "KIKO"),
    "FERNANDO": ("NANDO", "FERNAN", "FERCHO", "FERDINAND"),
    "GERARDO": ("JERRY", "GERRY", "GERARD", "GERALD"),
    "GILBERTO": ("GIL", "BETO", "GILBERT"),
    "GONZALO": ("CHALO", "GONZA"),
    "GREGORIO": ("GOYO", "GREG", "GREGORY"),
    "GUSTAVO": ("TAVO", "GUS", "GUTY"),
    "HUMBERTO": ("BETO", "TITO"),
    "JAVIER": ("JAVI", "XAVIER", "XAVI", "JAVY"),
    "JOAQUIN": ("JOACO", "QUINO", "CHIMO"),
    "JORGE": ("COCO", "GEORGE", "GEORGIE"),
    "JUAN": ("JUANITO", "JUANCHO", "JOHN", "JOHNNY", "JACK", "JUANCITO", "JOHNNIE"),
    "JULIO": ("JULITO", "JULES"),
    "LUIS": ("LUCHO", "LUCHITO", "LOUIS", "LOU", "LUISITO", "WICHO"),
    "MANUEL": ("MANOLO", "MANU", "MANNY", "MANOLITO", "LOLO", "EMMANUEL", "EMANUEL"),
    "MARCOS": ("MARCO", "MARK", "MARCUS"),
    "MARIO": ("MAYO",),
    "MAURICIO": ("MAURO", "MAURICE"),
    "NICOLAS": ("NICO", "NICK", "NICKY", "COLAS", "NICHOLAS"),
    "PABLO": ("PABLITO", "PAUL", "PAULY"),
    "PEDRO": ("PERICO", "PEDRITO", "PETE", "PETER"),
    "RAFAEL": ("RAFA", "RAFI", "FALO", "RAPHAEL"),
    "RAMON": ("MONCHO", "MONCHI", "RAYMOND", "RAY"),
    "RAUL": ("RAULITO",),
    "RICARDO": ("RICKY", "RICHARD", "RICK", "RICHIE", "RICH", "DICK", "CAYO", "RICHI"),
    "RODOLFO": ("RUDY", "FITO", "RUDOLPH", "RODOLPHO"),
    "RODRIGO": ("RORRO", "RODRI", "ROD", "RODDY"),
    "ROGELIO": ("ROY", "ROGER"),
    "SALVADOR": ("CHAVA", "CHAVO", "SALVA", "SAL"),
    "SANTIAGO": ("SANTI", "CHAGO"),
    "JAIME": ("JAMES", "JIM", "JIMMY", "JAMIE", "JAMESY"),
    "SAMUEL": ("SAMMY", "SAM", "SAMU"),
    "SEBASTIAN": ("SEBAS", "SEBA", "BASTIAN"),
    "SERGIO": ("CHECO", "SERGE", "CHEJO"),
    "TOMAS": ("TOMMY", "TOM", "THOMAS", "TOMASITO"),
    "VICENTE": ("CHENTE", "VINCE", "VINCENT"),
    "VICTOR": ("VITO", "VIC"),
    "BENJAMIN": ("BENJI", "BEN", "BENNY", "MINCHO"),
    "CRISTOBAL": ("CRIS", "TOBAL", "CHRISTOPHER", "CHRIS", "KIT", "TOPHER"),
    "ABRAHAM": ("ABE", "ABRAM", "ABRAN"),
    "ADOLFO": ("FITO", "ADOLPH"),
    "AGUSTIN": ("TIN", "AGUS", "AUGUSTINE", "GUS"),
    "ISIDRO": ("CHIRO",),
    "DOMINGO": ("MINGO", "DOMINIC"),
    "ELIAS": ("ELI", "ELIJAH"),
    "EMILIANO": ("EMI", "MILO"),
    "ESTEBAN": ("STEVE", "STEVEN", "STEPHEN", "STEVIE", "TEBAN"),
    "EZEQUIEL": ("CHEQUE", "ZEKE", "EZEKIEL"),
    "FELIPE": ("PIPE", "FELIPITO", "PHILIP", "PHIL", "PHILLIP"),
    "HECTOR": ("TITO",),
    "HORACIO": ("LACHO",),
    "MARCELO": ("MARCELINO",),
    "OSCAR": ("OSQUI",),
    "REYNALDO": ("REY", "NALDO", "RONALD", "RON", "RONNIE", "REINALDO"),
    "REGINALD": ("REGGIE", "REG"),
    "TEODORO": ("TEO", "TEDDY", "TED", "THEODORE", "THEO"),
    "DONALD": ("DON", "DONNY"),
    "EDWIN": ("EDWYN",),
    "GABRIEL": ("GABO", "GABI", "GABE"),
    "JONATHAN": ("JON", "JONNY", "JONATAN"),
    "KENNETH": ("KEN", "KENNY"),
    "LAWRENCE": ("LARRY", "LAURENCE", "LORENZO", "ENZO"),
    "LEONARDO": ("LEO", "LEONARD", "LENNY", "NARDO"),
    "MATTHEW": ("MATT", "MATEO", "MATIAS", "MATHEW"),
    "NATHANIEL": ("NATE", "NAT", "NATHAN"),
    "PATRICK": ("PAT", "PATRICIO", "PATO", "PADDY"),
    "TIMOTHY": ("TIM", "TIMMY"),
    "DAVID": ("DAVE", "DAVEY", "DAVY", "DAVIDCITO"),
    "EUGENE": ("GENE",),
    "CLIFFORD": ("CLIFF",),
    "JEFFREY": ("JEFF", "GEOFFREY", "GEOFF"),
    "DOUGLAS": ("DOUG",),
    "RAYMUNDO": ("MUNDO", "RAIMUNDO"),
    "EDMUNDO": ("MUNDO",),
    "ALFONSO": ("PONCHO", "ALONSO", "FONCHO"),
    "ARMANDO": ("MANDO",),
    # Spanish and English, feminine
    "GUADALUPE": ("LUPE", "LUPITA", "PITA", "GUADA"),
    "MARIA": ("MARY", "MARI", "MARUCA", "MARUCHA", "MARIQUITA", "MAYA", "MARIE", "MARIAH", "MARITZA", "MAMI"),
    "DOLORES": ("LOLA", "LOLITA", "LOLI"),
    "CONCEPCION": ("CONCHA", "CONCHITA", "CONCHI", "CHONA"),
    "CONSUELO": ("CHELO", "CONSU"),
    "ROSARIO": ("CHARO", "CHARITO"),
    "ROSA": ("ROSITA", "ROSE", "ROSIE"),
    "MERCEDES": ("MECHE", "MERCHE", "MERCY"),
    "ASUNCION": ("CHONI", "CHONITA"),
    "ISABEL": ("CHABELA", "ISA", "CHAVELA", "BELA", "ISABELLA", "ELIZABETH", "BELLA", "IZABEL"),
    "ELIZABETH": ("LIZ", "LIZZY", "BETH", "BETTY", "ELISA", "ELIZA", "BETSY", "LISA", "ELISABETH", "BETTE"),
    "FRANCISCA": ("PANCHA", "PAQUITA", "FRANCES", "FRAN", "FANNY", "FRANCIS"),
    "JOSEFINA": ("PEPA", "PEPITA", "FINA", "JOSEPHINE", "JOSIE", "CHEPA"),
    "GRACIELA": ("CHELA", "GRACE", "GRACIE"),
    "ANA": ("ANITA", "ANN", "ANNE", "ANNIE", "ANNA", "HANNAH"),
    "ALEJANDRA": ("ALEXA", "ALEXANDRA", "JANDRA"),
    "BEATRIZ": ("BETY", "BEA", "BEATRICE", "TRIS"),
    "CAROLINA": ("CARO", "CAROL", "CAROLINE", "CARRIE", "CAROLYN"),
    "CATALINA": ("CATA", "CATY", "KATHERINE", "CATHERINE", "KATE", "KATIE", "KATHY", "CATHY", "KATY", "KATHLEEN", "KATRINA"),
    "CRISTINA": ("CRIS", "TINA", "CHRISTINA", "CHRISTINE", "CRISTY", "CHRISTY"),
    "ELENA": ("HELENA", "HELEN", "NENA", "ELLEN", "LENA", "ELLIE"),
    "EUGENIA": ("EUGE", "GENA", "GINA"),
    "GABRIELA": ("GABY", "GABI", "GABRIELLE"),
    "LETICIA": ("LETY", "LETI", "TISHA"),
    "LOURDES": ("LULU",),
    "LUCIA": ("LUCY", "LUCHI", "LUCIE", "LUCE"),
    "MARGARITA": ("MAGGIE", "MARGARET", "MAGO", "RITA", "MARGOT", "PEGGY", "MAGALI", "GRETA", "MEG", "MARGE"),
    "PATRICIA": ("PATY", "PATTY", "PATI", "PAT", "TRISH", "TRICIA"),
    "REBECA": ("BECKY", "REBECCA", "BECA"),
    "SUSANA": ("SUSY", "SUSIE", "SUSAN", "SUE", "SUZANNE"),
    "TERESA": ("TERE", "TERESITA", "TERRY", "TESS", "THERESA", "TERESSA"),
    "VICTORIA": ("VICKY", "VIKI", "TORI"),
    "VERONICA": ("VERO", "RONNIE"),
    "YOLANDA": ("YOLA", "YOLI"),
    "JESSICA": ("JESS", "JESSIE", "YESICA", "JESICA"),
    "JENNIFER": ("JENNY", "JEN", "JENIFER", "YENIFER"),
    "MARTHA": ("MARTA", "MARTY", "MARTITA"),
    "ESPERANZA": ("ESPE", "ESPI", "HOPE"),
    "DEBORAH": ("DEBBIE", "DEB", "DEBORA", "DEBRA"),
    "SOCORRO": ("SOCO",),
    "REFUGIO": ("CUCA", "CUCO", "CUQUITA"),
    "ANGELA": ("ANGIE", "ANGELITA", "GELA"),
    "JULIA": ("JULIE", "JULITA", "JULY"),
    "SOFIA": ("SOPHIA", "SOFI", "SOPHIE"),
    "EVANGELINA": ("EVA", "LINA", "VANGIE"),
    "ADRIANA": ("ADRI", "DRIANA"),
    "SILVIA": ("SYLVIA", "SILVI"),
    "DOROTEA": ("DOROTHY", "DOT", "DOTTY", "TEA"),
}


def variant_table() -> dict[str, str]:
    """Form -> canonical name.

    Canonical names listed as a form of another ("MIGUEL" under "MICHAEL") join one group whose
    representative is the group's first key; a form claimed by two unrelated names goes to the first.
    """
    parent: dict[str, str] = {name: name for name in NICKNAMES}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    for canonical, forms in NICKNAMES.items():
        for form in forms:
            if form in parent:
                a, b = root(canonical), root(form)
                if a != b:
                    first, second = sorted((a, b), key=_ORDER.__getitem__)
                    parent[second] = first
    table: dict[str, str] = {name: root(name) for name in NICKNAMES}
    for canonical, forms in NICKNAMES.items():
        for form in forms:
            table.setdefault(form, root(canonical))
    return table


_ORDER: dict[str, int] = {name: i for i, name in enumerate(NICKNAMES)}
