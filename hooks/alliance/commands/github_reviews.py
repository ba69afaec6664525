"""The one GitHub question Alliance asks: who submitted which review on a pull request, for which commit.

A tiny REST client over urllib (`GET /repos/{owner}/{repo}/pulls/{number}/reviews`, every page), so the
approvals check needs no dependency and can be tested against a local server. Every way the answer can
go wrong (no token, no network, rate limit, an error status, a body that is not a list of reviews)
raises GitHubError: an unknown answer must fail the check, never pass it.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any

from alliance.problems import AllianceError

API_VERSION = "2022-11-28"
DEFAULT_API_URL = "https://api.github.com"
PER_PAGE = 100
MAX_PAGES = 50  # 5,000 reviews: far beyond any real pull request, and a stop for a looping server
TIMEOUT_SECONDS = 30.0
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_NEXT = re.compile(r"<([^>]+)>\s*;\s*rel=\"?next\"?")


class GitHubError(AllianceError):
    """GitHub could not be asked, or its answer cannot be trusted; the check fails."""


@dataclass(frozen=True)
class SubmittedReview:
    """One review as the approvals check needs it: who, what verdict, on which commit."""

    login: str
    state: str  # APPROVED, CHANGES_REQUESTED, DISMISSED, COMMENTED or PENDING
    commit_id: str


def fetch_reviews(
    api_url: str, repository: str, number: int, token: str, timeout: float = TIMEOUT_SECONDS
) -> list[SubmittedReview]:
    """Every review on a pull request, oldest first, following the `Link: rel="next"` pages."""
    if not token:
        raise GitHubError(
            "GITHUB_TOKEN is not set, so the pull request's reviews cannot be read; in "
            "the workflow, give the job 'permissions: pull-requests: read' and the step "
            "'env: GITHUB_TOKEN: ${{ github.token }}'"
        )
    if not _REPOSITORY.match(repository):
        raise GitHubError(f"GITHUB_REPOSITORY: '{repository}' is not 'owner/name'")
    base = _api_base(api_url)
    url = f"{base}/repos/{repository}/pulls/{number}/reviews?per_page={PER_PAGE}"
    reviews: list[SubmittedReview] = []
    for _ in range(MAX_PAGES):
        body, headers = _get(url, token, timeout)
        reviews += parse_reviews(body, url)
        following = next_page(headers.get("Link") or "", base)
        if following is None:
            return reviews
        url = following
    raise GitHubError(
        f"{base}: more than {MAX_PAGES} pages of reviews; the answer looks wrong, so "
        "nothing counts as approved"
    )


def _api_base(api_url: str) -> str:
    parts = urllib.parse.urlsplit(api_url or DEFAULT_API_URL)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise GitHubError(f"GITHUB_API_URL: '{api_url}' is not an http(s) address")
    return (api_url or DEFAULT_API_URL).rstrip("/")


def next_page(link: str, base: str) -> str | None:
    """The next page's address from a Link header; only on the API's own host, which gets the token."""
    match = _NEXT.search(link)
    if not match:
        return None
    url = match.group(1)
    if not _same_origin(url, base):
        raise GitHubError(
            f"{base}: the next page of reviews is on another host ({url}); refusing to send the token there"
        )
    return url


def _same_origin(url: str, base: str) -> bool:
    one, two = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base)
    return (one.scheme, one.netloc) == (two.scheme, two.netloc)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are errors: urllib would forward the token to wherever they point."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _get(url: str, token: str, timeout: float) -> tuple[bytes, Message]:
    request = urllib.request.Request(
        url,
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {token}",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": "alliance-verify-approvals",
        },
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.read(), response.headers
    except urllib.error.HTTPError as error:
        raise GitHubError(_http_error_message(url, error.code, error.headers)) from None
    except urllib.error.URLError as error:
        raise GitHubError(f"{url}: cannot reach GitHub ({error.reason}); re-run the job") from None
    except TimeoutError:
        raise GitHubError(
            f"{url}: GitHub did not answer within {timeout:g} seconds; re-run the job"
        ) from None
    except (http.client.HTTPException, OSError) as error:
        raise GitHubError(
            f"{url}: the connection to GitHub failed ({error or type(error).__name__}); re-run the job"
        ) from None


def _http_error_message(url: str, status: int, headers: Message) -> str:
    """What an error status means for the person reading the job log, and what to do."""
    if status == 429 or (
        status == 403 and (headers.get("x-ratelimit-remaining") == "0" or headers.get("retry-after"))
    ):
        return f"{url}: GitHub's rate limit is used up ({status}); re-run the job {_reset(headers)}"
    meanings = {
        401: "the token was refused; the workflow must pass GITHUB_TOKEN: ${{ github.token }}",
        403: "the token may not read pull requests; give the job 'permissions: pull-requests: read'",
        404: "no such pull request, or the token cannot see it; check GITHUB_REPOSITORY and the "
        "job's 'permissions: pull-requests: read'",
    }
    if status in meanings:
        return f"{url}: GitHub answered {status}: {meanings[status]}"
    if 300 <= status < 400:
        return (
            f"{url}: GitHub answered {status} (moved to {headers.get('Location') or 'elsewhere'}); "
            "check GITHUB_API_URL and GITHUB_REPOSITORY"
        )
    return f"{url}: GitHub answered {status}; nothing counts as approved until it answers, re-run the job"


def _reset(headers: Message) -> str:
    retry_after, reset = headers.get("retry-after"), headers.get("x-ratelimit-reset")
    if retry_after and retry_after.isdigit():
        return f"in {retry_after} seconds"
    if reset and reset.isdigit():
        when = dt.datetime.fromtimestamp(int(reset), dt.UTC)
        return f"after {when:%H:%M} UTC"
    return "later"


def parse_reviews(body: bytes, url: str) -> list[SubmittedReview]:
    """Reviews from one page of the answer; anything that is not a list of reviews is an error."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise GitHubError(f"{url}: GitHub's answer is not JSON; re-run the job") from None
    if not isinstance(data, list):
        raise GitHubError(f"{url}: GitHub's answer is not a list of reviews; re-run the job")
    return [_review(item, url) for item in data]


def _review(item: Any, url: str) -> SubmittedReview:
    if not isinstance(item, dict) or not isinstance(item.get("state"), str):
        raise GitHubError(f"{url}: GitHub's answer holds a review without a state; re-run the job")
    user = item.get("user")
    # A deleted account shows as user null: it approves nothing. A review has no commit while pending.
    login = user.get("login") if isinstance(user, dict) else None
    commit = item.get("commit_id")
    return SubmittedReview(
        login if isinstance(login, str) else "", item["state"], commit if isinstance(commit, str) else ""
    )
