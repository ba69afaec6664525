"""Every fixed string Alliance adds to a page, in one table keyed by `theme.language`.

The templates read their words from here (through the hook's page data), never literal English, so a
site in another language only needs its row complete. `{name}` marks a value the template fills in.
A language missing here falls back to English whole, never string by string, so a page never mixes
two languages in one sentence.
"""

from __future__ import annotations

import datetime as dt

FALLBACK = "en"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # Header, crisis strip and crisis box
        "get_help_now": "Get help now",
        "need_help_now": "Need help now?",
        "more_helplines": "More helplines",
        "crisis_intro": "You do not have to cope alone. These services are free and confidential.",
        "choose_country": "Not in {region}? Choose your country:",
        "other_countries": "Helplines in other countries",
        "emergency_call": "Emergency services ({region}): call",
        "every_emergency_number": "Every emergency number:",
        "life_at_risk": "If a life is at risk, you can also go to {place}.",
        "in_danger_now": "If you are in danger now, call your emergency number.",
        "helplines": "Helplines",
        "number_checked": "Number last checked",
        "not_verified": "Not yet verified by us: please check",
        "service_website": "the service's own website",
        # Header buttons and search
        "open_menu": "Open the menu",
        "open_search": "Search",
        "search_dialog": "Search this site",
        # Byline and review
        "in_short": "In short",
        "written_by": "Written by",
        "unnamed_writer": "an unnamed writer",
        "reviewed_by": "Medically reviewed by",
        "last_reviewed": "Last reviewed",
        "next_review": "Next review due",
        "how_we_review": "How we review content",
        "not_reviewed_title": "Not yet reviewed",
        "do_not_rely": "Do not rely on it until a clinician has checked it.",
        "what_needs_to_happen": "What needs to happen before it can be published",
        "state_invalid": "This page has problems that must be fixed before it can be reviewed.",
        "state_missing": "This page has not been medically reviewed yet.",
        "state_changed": "This page changed after its last medical review and has not been checked since.",
        "state_overdue": "This page's medical review is overdue.",
        "sample_record_title": "Sample review record",
        "sample_record": "The people named here are invented, and no clinician has reviewed this page.",
        "content_warning": "Content warning",
        "page_includes": "This page includes: {warnings}. You can stop reading at any time, and "
        "come back when you feel ready.",
        "important": "Important:",
        "was_this_helpful": "Was this page helpful?",
        "tell_us": "Tell us",
        # Listings and links between articles
        "related_articles": "Related articles",
        "all_articles": "All articles",
        "articles_by_topic": "Articles by topic",
        "other_articles": "Other articles",
        "reviewed_on": "Reviewed",
        "not_reviewed_yet": "Not reviewed yet",
        "topics": "Topics",
        "all_topics": "All topics",
        # Profile pages
        "sample_person_title": "Sample data",
        "sample_person": "{name} is an invented placeholder, not a real person. Review records "
        "that name them are sample records: no clinician has checked those pages.",
        "person_name": "Name",
        "person_role": "Role",
        "person_on_site": "On this site",
        "person_registration": "Registration",
        "person_number": "number",
        "role_author": "Author",
        "role_reviewer": "Reviewer",
        "and": "and",
        # Page not found
        "not_found_title": "We cannot find that page",
        "not_found_text": "The page may have moved, or the address may have a typing mistake. "
        "Nothing is wrong on your side.",
        "not_found_home": "Go to the home page",
        "not_found_home_after": "to see all topics.",
        "not_found_search": "Use the search at the top of the page.",
        "not_found_help": "If you need help now,",
        "not_found_help_link": "see helplines you can call",
        "date_format": "{day} {month} {year}",
        "months": "January February March April May June July August September October November December",
    },
    "es": {
        "get_help_now": "Ayuda urgente",
        "need_help_now": "¿Necesitas ayuda ahora?",
        "more_helplines": "Más líneas de ayuda",
        "crisis_intro": "No tienes que afrontarlo a solas. Estos servicios son gratuitos y confidenciales.",
        "choose_country": "¿No estás en {region}? Elige tu país:",
        "other_countries": "Líneas de ayuda en otros países",
        "emergency_call": "Servicios de emergencia ({region}): llama al",
        "every_emergency_number": "Todos los números de emergencia:",
        "life_at_risk": "Si una vida corre peligro, también puedes ir a {place}.",
        "in_danger_now": "Si estás en peligro ahora, llama a tu número de emergencias.",
        "helplines": "Líneas de ayuda",
        "number_checked": "Número comprobado por última vez el",
        "not_verified": "Aún no lo hemos comprobado: consulta",
        "service_website": "la web del propio servicio",
        "open_menu": "Abrir el menú",
        "open_search": "Buscar",
        "search_dialog": "Buscar en este sitio",
        "in_short": "En resumen",
        "written_by": "Escrito por",
        "unnamed_writer": "un autor sin nombre",
        "reviewed_by": "Revisión médica de",
        "last_reviewed": "Última revisión",
        "next_review": "Próxima revisión",
        "how_we_review": "Cómo revisamos el contenido",
        "not_reviewed_title": "Aún sin revisar",
        "do_not_rely": "No te fíes de ella hasta que la haya comprobado un profesional clínico.",
        "what_needs_to_happen": "Qué falta para poder publicarla",
        "state_invalid": "Esta página tiene problemas que hay que corregir antes de revisarla.",
        "state_missing": "Esta página aún no tiene revisión médica.",
        "state_changed": "Esta página cambió después de su última revisión médica y no se ha "
        "comprobado desde entonces.",
        "state_overdue": "La revisión médica de esta página está vencida.",
        "sample_record_title": "Registro de revisión de ejemplo",
        "sample_record": "Las personas nombradas aquí son inventadas y ningún profesional clínico "
        "ha revisado esta página.",
        "content_warning": "Aviso sobre el contenido",
        "page_includes": "Esta página trata sobre: {warnings}. Puedes dejar de leer en cualquier "
        "momento y volver cuando te sientas preparado.",
        "important": "Importante:",
        "was_this_helpful": "¿Te ha sido útil esta página?",
        "tell_us": "Cuéntanoslo",
        "related_articles": "Artículos relacionados",
        "all_articles": "Todos los artículos",
        "articles_by_topic": "Artículos por tema",
        "other_articles": "Otros artículos",
        "reviewed_on": "Revisado el",
        "not_reviewed_yet": "Aún sin revisar",
        "topics": "Temas",
        "all_topics": "Todos los temas",
        "sample_person_title": "Datos de ejemplo",
        "sample_person": "{name} es una persona inventada, no real. Los registros de revisión que "
        "la nombran son de ejemplo: ningún profesional clínico ha comprobado esas "
        "páginas.",
        "person_name": "Nombre",
        "person_role": "Profesión",
        "person_on_site": "En este sitio",
        "person_registration": "Colegiación",
        "person_number": "número",
        "role_author": "Autor",
        "role_reviewer": "Revisor",
        "and": "y",
        "not_found_title": "No encontramos esa página",
        "not_found_text": "Puede que la página se haya movido o que la dirección tenga un error. "
        "No has hecho nada mal.",
        "not_found_home": "Ve a la página de inicio",
        "not_found_home_after": "para ver todos los temas.",
        "not_found_search": "Usa el buscador de la parte superior de la página.",
        "not_found_help": "Si necesitas ayuda ahora,",
        "not_found_help_link": "consulta las líneas de ayuda a las que puedes llamar",
        "date_format": "{day} de {month} de {year}",
        "months": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    },
}


def strings_for(language: str) -> dict[str, str]:
    """The strings of a language ('es', or 'es-MX' read as 'es'); English when there is no row."""
    for key in (language, language.split("-")[0].lower()):
        if key in STRINGS:
            return STRINGS[key]
    return STRINGS[FALLBACK]


def has_language(language: str) -> bool:
    """True when the table has a row for `language`, so the build can say when it falls back."""
    return strings_for(language) is not STRINGS[FALLBACK] or language.split("-")[0] == FALLBACK


def human_date(day: dt.date, language: str) -> str:
    """A date as readers of `language` write it: '25 November 2026', '25 de noviembre de 2026'."""
    words = strings_for(language)
    month = words["months"].split()[day.month - 1]
    return words["date_format"].format(day=day.day, month=month, year=day.year)
