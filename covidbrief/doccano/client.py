"""Talking to a doccano 1.8 server over its REST API, and the push/pull loop.

The client speaks the REST API with ``requests`` directly, with a timeout on every
call and a typed error for every failure, instead of going through doccano-client
1.1.1: that client sets no timeouts, raises JSON decoding errors on non-JSON
answers, its ``get_doc_download`` returns the web page instead of the export,
and ``beta``'s ``ProjectController.download`` prints to stdout, exports the
plain JSONL format and only approved examples by default.

Credentials are used to log in (``POST /v1/auth/login/``) and then dropped; the
session carries the token it returned. No message of this module contains them.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

import requests

from ..corpus.records import read_records, write_records
from ..corpus.validate import RecordError, problems
from .convert import (
    RELATION_TYPES,
    SPAN_TYPES,
    DoccanoError,
    MergeResult,
    check_pulled,
    examples_to_records,
    merge,
    record_to_example,
    spec_record,
)

PROJECT_TYPE = "SequenceLabeling"
IMPORT_TASK = "RelationExtraction"  # doccano's name of the "JSONL(Relation)" import


class DoccanoConnectionError(DoccanoError, ConnectionError):
    """The server cannot be reached, or what answers is not doccano."""


class DoccanoTimeout(DoccanoConnectionError, TimeoutError):
    """The server (or one of its background tasks) did not answer in time."""


class DoccanoAuthError(DoccanoError, PermissionError):
    """Wrong username or password, or a user without the rights needed."""


class DoccanoProjectNotFound(DoccanoError, LookupError):
    """No project of that name on the server (or it is of the wrong kind)."""


class DoccanoAPIError(DoccanoError, RuntimeError):
    """The server answered with an error, or a background task failed."""


def _short(body: str, limit: int = 300) -> str:
    body = " ".join(body.split())
    return body if len(body) <= limit else body[:limit] + "…"


class DoccanoClient:
    """A logged-in session with one doccano server.

    ``timeout`` bounds every HTTP call (seconds; connecting gets at most 10 s);
    ``task_timeout`` bounds the wait for an import or export task.
    """

    def __init__(self, url: str, username: str, password: str, timeout: float = 60.0, task_timeout: float = 600.0):
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise DoccanoConnectionError(f"--url {url!r} is not an http(s) address; give the address of the doccano "
                                         f"start page, e.g. http://127.0.0.1:8000")
        self.url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self.timeout = (min(10.0, timeout), timeout)
        self.task_timeout = task_timeout
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "Referer": self.url})
        if not username or not password:
            raise DoccanoAuthError("no doccano credentials: pass --username and --password, or set "
                                   "DOCCANO_USERNAME and DOCCANO_PASSWORD")
        self._login(username, password)

    def __repr__(self) -> str:
        return f"DoccanoClient({self.url!r})"

    # -- HTTP -----------------------------------------------------------------

    def _request(self, method: str, path: str, expect_json: bool = True, **kwargs) -> Any:
        url = f"{self.url}/v1/{path.lstrip('/')}"
        try:
            answer = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.exceptions.RequestException as err:
            raise self._transport_error(err, f"{method} /v1/{path}") from None
        if answer.status_code in (401, 403):
            raise DoccanoAuthError(f"doccano at {self.url} refused {method} /v1/{path} ({answer.status_code}): the "
                                   f"user is not logged in or lacks the right (project admin is needed to push and pull)")
        if answer.status_code == 404:
            raise DoccanoAPIError(f"doccano at {self.url} has no {method} /v1/{path} (404)")
        if answer.status_code >= 400:
            raise DoccanoAPIError(f"doccano at {self.url} answered {answer.status_code} to {method} /v1/{path}: "
                                  f"{_short(answer.text)}")
        if not expect_json:
            return answer
        if answer.status_code == 204 or not answer.content:
            return None
        try:
            return answer.json()
        except ValueError:
            raise DoccanoConnectionError(f"{self.url} answered {method} /v1/{path} with something that is not JSON; "
                                         f"is --url the address of a doccano 1.8 server?") from None

    def _transport_error(self, err: Exception, what: str) -> Exception:
        """The typed error for a request that got no answer (never mentions credentials)."""
        if isinstance(err, requests.exceptions.Timeout):
            return DoccanoTimeout(f"doccano at {self.url} did not answer {what} within {self.timeout[1]:.0f} s; "
                                  f"is the server overloaded or stuck? Try again or raise --timeout")
        if isinstance(err, requests.exceptions.ConnectionError):
            return DoccanoConnectionError(f"cannot reach doccano at {self.url} (connection failed); check --url and "
                                          f"that the server is running (covidbrief doccano serve, or doccano "
                                          f"webserver)")
        return DoccanoConnectionError(f"cannot talk to doccano at {self.url}: {type(err).__name__}")

    def _login(self, username: str, password: str) -> None:
        url = f"{self.url}/v1/auth/login/"
        try:
            answer = self.session.post(url, json={"username": username, "password": password}, timeout=self.timeout)
        except requests.exceptions.RequestException as err:
            raise self._transport_error(err, "the login") from None
        key = None
        try:
            body = answer.json()
            key = body.get("key") if isinstance(body, dict) else None
        except ValueError:
            body = None
        if answer.status_code == 400 and isinstance(body, dict) and "non_field_errors" in body:
            raise DoccanoAuthError(f"doccano at {self.url} refused the login: wrong username or password (check "
                                   f"--username/--password or DOCCANO_USERNAME/DOCCANO_PASSWORD)")
        if answer.status_code != 200 or not key:
            raise DoccanoConnectionError(
                f"{self.url} does not look like a doccano 1.8 server: POST /v1/auth/login/ answered "
                f"{answer.status_code}{'' if body is not None else ' with no JSON'}; give the address of the doccano "
                f"start page (e.g. http://127.0.0.1:8000, without /v1 or /projects)")
        # Token authentication only: with the session cookie of the login, Django's
        # session authentication would win and demand a CSRF token on every POST (403).
        self.session.cookies.clear()
        self.session.headers["Authorization"] = f"Token {key}"

    def _all(self, path: str, params: dict | None = None) -> list[dict[str, Any]]:
        """Every item of a paginated list."""
        items: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = self._request("GET", path, params={**(params or {}), "limit": 500, "offset": offset})
            if isinstance(page, list):
                return page
            items += page.get("results", [])
            if not page.get("next"):
                return items
            offset = len(items)

    # -- projects and label types ---------------------------------------------

    def projects(self) -> list[dict[str, Any]]:
        return self._all("projects")

    def find_project(self, name: str) -> dict[str, Any] | None:
        found = [p for p in self.projects() if p.get("name") == name]
        if len(found) > 1:
            raise DoccanoAPIError(f"{len(found)} doccano projects are named {name!r} (ids "
                                  f"{', '.join(str(p['id']) for p in found)}); rename all but one")
        return found[0] if found else None

    def project(self, name: str) -> dict[str, Any]:
        """The project called ``name``, or :class:`DoccanoProjectNotFound` listing the names there are."""
        found = self.find_project(name)
        if found is None:
            names = sorted(p.get("name", "") for p in self.projects())
            there = ", ".join(repr(n) for n in names[:20]) or "none"
            raise DoccanoProjectNotFound(f"no doccano project named {name!r} at {self.url} (projects visible to this "
                                         f"user: {there}); check --project, or push first")
        return found

    def create_project(self, name: str, description: str = "", guideline: str = "") -> dict[str, Any]:
        """A sequence-labeling project with relations, overlapping spans (turns overlap
        entities) and shared annotations (everyone sees and corrects the pre-annotations)."""
        return self._request("POST", "projects", json={
            "name": name, "description": description or name, "guideline": guideline,
            "project_type": PROJECT_TYPE, "resourcetype": "SequenceLabelingProject",
            "use_relation": True, "allow_overlapping": True, "collaborative_annotation": True,
            "grapheme_mode": False, "random_order": False,
        })

    @staticmethod
    def check_project(project: dict[str, Any]) -> None:
        """A project covidbrief can push to: sequence labeling, relations, overlapping spans."""
        wrong = []
        if project.get("project_type") != PROJECT_TYPE:
            wrong.append(f"it is a {project.get('project_type')} project, not sequence labeling")
        if not project.get("use_relation"):
            wrong.append("relation labeling is off")
        if not project.get("allow_overlapping"):
            wrong.append("overlapping spans are not allowed (turn spans overlap entities)")
        if wrong:
            raise DoccanoProjectNotFound(f"doccano project {project.get('name')!r} cannot hold covidbrief records: "
                                         f"{'; '.join(wrong)}. Change its settings in doccano or push to a new name")

    def ensure_types(self, project_id: int) -> list[str]:
        """Create the missing span and relation types with their fixed colours; the names created."""
        created = []
        have = {t["text"]: t for t in self._all(f"projects/{project_id}/span-types")}
        taken = {(t.get("prefix_key"), t.get("suffix_key")) for t in have.values() if t.get("suffix_key")}
        for text, (background, colour, key) in SPAN_TYPES.items():
            if text in have:
                continue
            body = {"text": text, "background_color": background, "text_color": colour}
            if key and (None, key) not in taken:
                body["suffix_key"] = key
            self._request("POST", f"projects/{project_id}/span-types", json=body)
            created.append(text)
        have = {t["text"] for t in self._all(f"projects/{project_id}/relation-types")}
        for text, (background, colour) in RELATION_TYPES.items():
            if text not in have:
                self._request("POST", f"projects/{project_id}/relation-types",
                              json={"text": text, "background_color": background, "text_color": colour})
                created.append(text)
        return created

    def span_types(self, project_id: int) -> dict[str, int]:
        return {t["text"]: t["id"] for t in self._all(f"projects/{project_id}/span-types")}

    def relation_types(self, project_id: int) -> dict[str, int]:
        return {t["text"]: t["id"] for t in self._all(f"projects/{project_id}/relation-types")}

    def add_member(self, project_id: int, username: str, role: str = "annotator") -> None:
        """Make an existing user a member of the project (``annotator``, ``annotation_approver``
        or ``project_admin``); needs an admin login."""
        users = [u for u in self._all("users", params={"q": username}) if u.get("username") == username]
        if not users:
            raise DoccanoAPIError(f"no doccano user named {username!r}; create the user first")
        roles = {r["name"]: r["id"] for r in self._all("roles")}
        if role not in roles:
            raise DoccanoAPIError(f"unknown doccano role {role!r}; use one of {', '.join(sorted(roles))}")
        self._request("POST", f"projects/{project_id}/members", json={"user": users[0]["id"], "role": roles[role]})

    # -- examples and annotations ---------------------------------------------

    def examples(self, project_id: int) -> list[dict[str, Any]]:
        return self._all(f"projects/{project_id}/examples")

    def spans(self, project_id: int, example_id: int) -> list[dict[str, Any]]:
        return self._all(f"projects/{project_id}/examples/{example_id}/spans")

    def relations(self, project_id: int, example_id: int) -> list[dict[str, Any]]:
        return self._all(f"projects/{project_id}/examples/{example_id}/relations")

    def wait_task(self, task_id: str, what: str) -> Any:
        """The result of a background task (import or export), polled until ready."""
        deadline = time.monotonic() + self.task_timeout
        delay = 0.1
        while True:
            status = self._request("GET", f"tasks/status/{task_id}")
            if status.get("ready"):
                if status.get("error"):
                    raise DoccanoAPIError(f"doccano's {what} task failed: {_short(str(status['error'].get('text', status['error'])))}")
                return status.get("result")
            if time.monotonic() > deadline:
                raise DoccanoTimeout(f"doccano's {what} task did not finish within {self.task_timeout:.0f} s; "
                                     f"is its task worker running (`doccano task` beside `doccano webserver`)?")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)

    def upload(self, project_id: int, examples: list[dict[str, Any]], name: str = "covidbrief.jsonl") -> None:
        """Import examples (doccano's JSONL(Relation) format) and wait for the import."""
        data = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples).encode("utf-8")
        answer = self._request("POST", "fp/process/", expect_json=False, headers={"Accept": "text/plain"},
                               files={"filepond": (name, data, "application/json")})
        upload_id = answer.text.strip()
        task = self._request("POST", f"projects/{project_id}/upload", json={
            "uploadIds": [upload_id], "format": "JSONL", "task": IMPORT_TASK, "encoding": "utf_8",
        })
        result = self.wait_task(task["task_id"], "import")
        errors = (result or {}).get("error") if isinstance(result, dict) else None
        if errors:
            shown = "; ".join(_short(json.dumps(e, ensure_ascii=False), 200) for e in errors[:5])
            raise DoccanoAPIError(f"doccano rejected part of the upload ({len(errors)} error(s)): {shown}")

    def export(self, project_id: int, only_confirmed: bool = False, annotator: str | None = None) -> list[dict[str, Any]]:
        """Rows of the project's JSONL export (relations included), through the REST flow:
        POST .../download, poll /v1/tasks/status/<id>, GET .../download?taskId=<id>."""
        task = self._request("POST", f"projects/{project_id}/download",
                             json={"format": "JSONL", "exportApproved": only_confirmed})
        self.wait_task(task["task_id"], "export")
        answer = self._request("GET", f"projects/{project_id}/download", expect_json=False,
                               params={"taskId": task["task_id"]})
        try:
            archive = zipfile.ZipFile(io.BytesIO(answer.content))
        except zipfile.BadZipFile:
            raise DoccanoAPIError(f"doccano's export of project {project_id} is not a zip file "
                                  f"({answer.headers.get('content-type')})") from None
        names = archive.namelist()
        if "all.jsonl" in names:  # collaborative project: everyone's annotations
            chosen = "all.jsonl"
        elif annotator and f"{annotator}.jsonl" in names:
            chosen = f"{annotator}.jsonl"
        elif len(names) == 1:
            chosen = names[0]
        else:
            raise DoccanoAPIError(f"the project is not collaborative: its export has one file per annotator "
                                  f"({', '.join(names)}); pass --annotator NAME to choose one")
        rows = []
        for number, line in enumerate(archive.read(chosen).decode("utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise DoccanoAPIError(f"line {number} of doccano's export is not JSON ({err.msg})") from None
        return rows


# ---------------------------------------------------------------------------
# push and pull


def load_documents(paths: Iterable[str | Path], predict: bool = False,
                   log: Callable[[str], None] | None = None) -> list[tuple[dict[str, Any], str]]:
    """``(record, source)`` for every document of ``paths``.

    A .txt file is one raw document (id = file stem), cleaned into the spec's clean
    text. A .jsonl line with ``entities`` is a record (``source`` "gold"), pushed with
    its annotations; any other .jsonl line is a document (``id``, ``text``, ``meta``),
    cleaned. With ``predict`` every document gets the shipped model's predictions
    instead (``source`` "model"); otherwise plain documents go up unannotated ("none").
    """
    from ..cleaning import clean
    from ..errors import InputFileError
    from ..io import iter_inputs

    out: list[tuple[dict[str, Any], str]] = []
    for path in map(Path, paths):
        if path.suffix == ".jsonl":
            raw = read_records(path)
            for number, rec in enumerate(raw, 1):
                if not isinstance(rec.get("text"), str):
                    raise InputFileError(f"{path}:{number}: a record needs a string field 'text'")
                rec.setdefault("id", f"{path.stem}-{number}")
                if "entities" in rec:
                    out.append((spec_record(rec), "gold"))
                else:
                    text = clean(rec["text"]).text
                    out.append(({"id": str(rec["id"]), "text": text, "meta": rec.get("meta") or {},
                                 "entities": [], "relations": [], "turns": []}, "none"))
        else:
            for doc in iter_inputs(path):
                text = clean(doc["text"]).text
                out.append(({"id": str(doc["id"]), "text": text, "meta": doc["meta"] or {},
                             "entities": [], "relations": [], "turns": []}, "none"))
    if predict:
        from ..extraction import extract

        predicted = []
        for record, _ in out:
            if log:
                log(f"predicting {record['id']}")
            pred = spec_record(extract(record["text"], id=record["id"], meta=record.get("meta") or {}))
            if pred["text"] != record["text"]:  # offsets must point into the text pushed
                raise DoccanoAPIError(f"{record['id']}: the model's text differs from the document's; "
                                      f"push it without --predict")
            predicted.append((pred, "model"))
        out = predicted
    return out



@dataclass
class PushResult:
    project: dict[str, Any]
    created_project: bool
    created_types: list[str]
    uploaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the project

    def text(self) -> str:
        lines = [f"project {self.project['name']!r} (id {self.project['id']})"
                 + (" created" if self.created_project else "")]
        if self.created_types:
            lines.append(f"label types created: {', '.join(self.created_types)}")
        lines.append(f"uploaded {len(self.uploaded)} document(s)" + (f": {', '.join(self.uploaded)}" if self.uploaded else ""))
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)} already in the project: {', '.join(self.skipped)} "
                         f"(delete them in doccano to push them again)")
        return "\n".join(lines)


def push(client: DoccanoClient, project: str, documents: Iterable[tuple[dict[str, Any], str]],
         description: str = "", guideline: str = "") -> PushResult:
    """Upload ``(record, source)`` pairs to ``project`` (created with its label types
    when missing). Records are validated first; documents already there are skipped."""
    docs = [(spec_record(r), s) for r, s in documents]
    found = [p for r, _ in docs for p in problems(r)]
    if found:
        raise RecordError(found)
    ids = [str(r["id"]) for r, _ in docs]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise DoccanoAPIError(f"documents given twice: {', '.join(twice)}; push each document once")
    existing = client.find_project(project)
    created = existing is None
    if existing is None:
        existing = client.create_project(project, description, guideline)
    client.check_project(existing)
    types = client.ensure_types(existing["id"])
    there = {str((e.get("meta") or {}).get("doc_id")) for e in client.examples(existing["id"])}
    result = PushResult(existing, created, types)
    lines = []
    for record, source in docs:
        if str(record["id"]) in there:
            result.skipped.append(str(record["id"]))
            continue
        lines.append(record_to_example(record, source))
        result.uploaded.append(str(record["id"]))
    if lines:
        before = len(there)
        client.upload(existing["id"], lines)
        after = len(client.examples(existing["id"]))
        if after - before != len(lines):
            raise DoccanoAPIError(f"doccano took {after - before} of the {len(lines)} documents uploaded; "
                                  f"check the project in doccano")
    return result


@dataclass
class PullResult:
    merge: MergeResult
    into: Path
    written: bool
    backup: Path | None

    def text(self) -> str:
        out = self.merge.text()
        if self.written:
            out += f"\nwrote {self.into}" + (f"; previous version kept as {self.backup}" if self.backup else "")
        elif self.merge.changed:
            out += f"\n{self.into} not written (dry run)"
        else:
            out += f"\n{self.into} unchanged"
        return out


def pull(client: DoccanoClient, project: str, into: Path, prefer: str | None = None, dry_run: bool = False,
         only_confirmed: bool = False, annotator: str | None = None,
         on_report: Callable[[MergeResult], None] | None = None) -> PullResult:
    """Export ``project``, convert and validate every document, merge into ``into``
    (see :func:`covidbrief.doccano.convert.merge`) and write it atomically, keeping
    the previous file as a backup. Nothing is written when anything is wrong."""
    into = Path(into)
    found = client.project(project)
    client.check_project(found)
    rows = client.export(found["id"], only_confirmed=only_confirmed, annotator=annotator)
    pulled = examples_to_records(rows)
    check_pulled(pulled, project)
    existing = read_records(into) if into.exists() else []
    result = merge(existing, pulled, prefer=prefer)
    if on_report:
        on_report(result)
    if dry_run or not result.changed:
        return PullResult(result, into, False, None)
    backup = write_records(into, result.records, keep_previous=True)
    return PullResult(result, into, True, backup)


__all__ = [
    "DoccanoAPIError", "DoccanoAuthError", "DoccanoClient", "DoccanoConnectionError", "DoccanoProjectNotFound",
    "DoccanoTimeout", "PullResult", "PushResult", "load_documents", "pull", "push",
]
