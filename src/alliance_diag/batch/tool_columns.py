"""The columns survey tools add around the answers, and their heading styles: data that
says which tool wrote an export and which headers are not questions."""

from __future__ import annotations

import re

from alliance_diag.core.textfold import fold
from alliance_diag.forms.codes import RESPONSE_COLUMNS

# Columns that survey tools add around the answers: recognised and ignored silently.
# Keys are folded and compacted (see compact()); values name the tool, for the summary.
METADATA: dict[str, str] = {
    **dict.fromkeys(
        [
            *RESPONSE_COLUMNS,
            "responseid",
            "datesubmitted",
            "datestarted",
            "datelastaction",
            "startlanguage",
            "referrerurl",
            "iddelareponse",
            "datedesoumission",
            "dernierepage",
            "languededepart",
            "datedeladerniereaction",
            "urlreferente",
            "tetedeserie",
            "datedelancement",
        ],
        "LimeSurvey",
    ),
    **dict.fromkeys(
        [
            "uuid",
            "submissiontime",
            "validationstatus",
            "notes",
            "status",
            "submittedby",
            "tags",
            "index",
            "version",
            "xformidstring",
            "attachments",
            "geolocation",
            "parentindex",
            "parenttablename",
            "metainstanceid",
            "metainstancename",
            "metarootuuid",
            "metadeprecatedid",
            "formhubuuid",
            "instanceid",
            "deviceid",
            "subscriberid",
            "simserial",
            "phonenumber",
            "today",
            "start",
            "end",
            "audit",
        ],
        "KoboToolbox",
    ),
    **dict.fromkeys(
        [
            "submissiondate",
            "key",
            "submitterid",
            "submittername",
            "attachmentspresent",
            "attachmentsexpected",
            "reviewstate",
            "edits",
            "formversion",
        ],
        "ODK Central",
    ),
    **dict.fromkeys(
        ["horodateur", "timestamp", "adresseemail", "emailaddress", "score"], "Google Forms"
    ),
    **dict.fromkeys(
        [
            "serial",
            "sid",
            "time",
            "submittedtime",
            "completedtime",
            "modifiedtime",
            "draft",
            "ipaddress",
            "uid",
            "username",
            "numero",
            "numerodeserie",
            "heure",
            "datedesoumissionwebform",
            "datedecompletion",
            "datedemodification",
            "brouillon",
            "adresseip",
            "nomdutilisateur",
        ],
        "Framaforms",
    ),
    **dict.fromkeys(
        [
            "id",
            "starttime",
            "completiontime",
            "email",
            "name",
            "lastmodifiedtime",
            "heurededebut",
            "heuredefin",
            "adressedemessagerie",
            "nom",
            "heuredeladernieremodification",
            "tempsdedebut",
            "tempsdachevement",
        ],
        "Microsoft Forms",
    ),
    **dict.fromkeys(["date", "courriel", "mail", "horodatage"], ""),
}
# a LimeSurvey timing column: the question or group code followed by "Time"
LIMESURVEY_TIMING = re.compile(r"^(?:groupTime\d+|[A-Za-z][A-Za-z0-9]*Time)$")
# Empty in an unfinished LimeSurvey response; a draft flag in Drupal Webform / Framaforms.
SUBMITTED_MARKERS = {"submitdate", "datesubmitted", "datedesoumission"}
DRAFT_MARKERS = {"draft", "brouillon"}
ORGANISATION_ALIASES = {
    "organisation",
    "organization",
    "association",
    "structure",
    "organisme",
    "nom de l association",
    "nom de la structure",
    "nom de votre association",
    "nom de votre structure",
    "nom de l organisme",
    "organisation name",
    "organization name",
    "name of the organisation",
    "name of your organisation",
    "member",
    "membre",
}
ENUMERATOR = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.):\-–]\s*", re.IGNORECASE)
# LimeSurvey's "question code & question text" headings: "trusthistory. Nous avons…"
CODE_AND_TEXT = re.compile(
    r"^\s*([A-Za-z][A-Za-z0-9_]*(?:\[[^\[\]]+\])?)\s*[.:)|\-–]\s+(.+)$", re.DOTALL
)


def compact(text: str) -> str:
    """A folded text without spaces: how ids and tool codes are compared."""
    return fold(text).replace(" ", "")


def metadata_key(header: str) -> str | None:
    """The tool column a header names, in any heading style: ``submitdate``, « Date de
    soumission », or LimeSurvey's code and text (``submitdate. Date submitted``)."""
    key = compact(header)
    if key in METADATA:
        return key
    both = CODE_AND_TEXT.match(header)
    if both:
        for part in both.groups():
            if compact(part) in METADATA:
                return compact(part)
    return None
