"""`sitehost mcp --listen` with a client we did not write: the official
Python MCP SDK over Streamable HTTP.

Starts the fake API with two accounts (`sitehost fake --accounts 2`), then
`sitehost mcp --listen 127.0.0.1:0 --allow-write` against it without a key
of its own; each of two callers connects with their own key as the bearer
token, lists the tools, creates a zone (no client_id: each key's own
account), sees only their own, waits for a job with progress, and is
narrowed by `/mcp/readonly`. A request without a key is refused with 401.
Exits non-zero on any failure; run by .ci/run.
"""

import asyncio
import os
import subprocess
import sys
import urllib.error
import urllib.request

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


def start_fake(binary):
    fake = subprocess.Popen(
        [binary, "fake", "--accounts", "2"], stdout=subprocess.PIPE, text=True
    )
    url, keys = None, []
    for line in fake.stdout:
        if line.startswith("export SH_API_URL="):
            url = line.strip().split("=", 1)[1]
        elif line.startswith("export SH_API_KEY="):
            keys.append(line.strip().split("=", 1)[1])
        elif line.startswith("# SH_API_KEY="):
            keys.append(line.split()[1].split("=", 1)[1])
        if url and len(keys) == 2:
            break
    return fake, url, keys


def start_server(binary, api_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SH_")}
    env["SH_API_URL"] = api_url
    server = subprocess.Popen(
        [binary, "mcp", "--listen", "127.0.0.1:0", "--allow-write"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    first = server.stderr.readline()
    url = first.strip().rsplit(" ", 1)[-1]
    assert url.startswith("http://127.0.0.1:") and url.endswith("/mcp"), first
    return server, url


async def as_caller(url, key, n):
    headers = {"Authorization": f"Bearer {key}"}
    progress = []

    async def on_progress(value, total, message):
        progress.append(message)

    async with create_mcp_http_client(headers=headers) as http:
        async with streamable_http_client(url, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                info = await session.initialize()
                assert info.server_info.name == "sitehost", info
                names = {t.name for t in (await session.list_tools()).tools}
                assert "dns_create_domain" in names, sorted(names)
                assert "dns_delete_domain" not in names, "the server's ceiling"

                zone = f"caller{n}.example.nz"
                created = await session.call_tool("dns_create_domain", {"domain": zone})
                assert not created.is_error, created
                listed = await session.call_tool("dns_list_domains", {})
                assert not listed.is_error, listed
                mine = {z["name"] for z in listed.structured_content["items"]}
                assert zone in mine, mine
                other = f"caller{1 - n}.example.nz"
                assert other not in mine, f"{other} is another account's"

                waited = await session.call_tool(
                    "cloud_stack_restart",
                    {"server": "ch-servername", "name": "examplenz", "wait": True},
                    progress_callback=on_progress,
                )
                assert not waited.is_error, waited
                assert waited.structured_content["state"] == "Completed", waited

                refused = await session.call_tool("sitehost_plan", {"state": None})
                assert refused.is_error, refused
    async with create_mcp_http_client(headers=headers) as http:
        async with streamable_http_client(url + "/readonly", http_client=http) as (
            read,
            write,
        ):
            async with ClientSession(read, write) as session:
                await session.initialize()
                names = {t.name for t in (await session.list_tools()).tools}
                assert "dns_list_domains" in names
                assert "dns_create_domain" not in names, "read-only narrows"
    return len(progress)


async def exercise(url, keys):
    # Both callers at once, each with their own key.
    return await asyncio.gather(*(as_caller(url, key, n) for n, key in enumerate(keys)))


def refused_without_key(url):
    request = urllib.request.Request(url, data=b"{}", method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as e:
        assert e.code == 401, e.code
        assert e.headers["WWW-Authenticate"].startswith("Bearer"), e.headers
        return
    raise AssertionError("a request without a key was answered")


def main():
    binary = sys.argv[1]
    fake, api_url, keys = start_fake(binary)
    server = None
    try:
        server, url = start_server(binary, api_url)
        refused_without_key(url)
        notes = asyncio.run(asyncio.wait_for(exercise(url, keys), 120))
    finally:
        if server:
            server.terminate()
            log = server.stderr.read()
            server.wait(10)
        fake.terminate()
        fake.wait(10)
    for key in keys:
        assert key not in log, "a key in the access log"
    assert log.count("tools/call") >= 8, log
    print(f"python mcp client over HTTP: two callers, each in their own account, "
          f"a waited job ({sum(notes)} progress notifications), read-only narrowing: ok")


if __name__ == "__main__":
    main()
