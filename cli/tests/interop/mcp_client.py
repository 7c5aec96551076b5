"""`sitehost mcp` with a client we did not write: the official Python MCP SDK.

Starts the fake API (`sitehost fake`), launches `sitehost mcp --allow-write`
against it through the SDK's stdio client, lists the tools, calls a read
tool and a waited job tool, and checks the results. Run by .ci/run in a
virtual environment it makes; exits non-zero on any failure.
"""

import asyncio
import os
import subprocess
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def start_fake(binary):
    fake = subprocess.Popen([binary, "fake"], stdout=subprocess.PIPE, text=True)
    env = {}
    for line in fake.stdout:
        if line.startswith("export "):
            name, value = line[len("export "):].strip().split("=", 1)
            env[name] = value
        if "SH_API_URL" in env and "SH_API_KEY" in env:
            break
    return fake, env


async def exercise(binary, env):
    params = StdioServerParameters(
        command=binary, args=["mcp", "--allow-write"], env={**os.environ, **env}
    )
    progress = []

    async def on_progress(value, total, message):
        progress.append(message)

    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            info = await session.initialize()
            assert info.server_info.name == "sitehost", info

            tools = (await session.list_tools()).tools
            names = {tool.name for tool in tools}
            assert "dns_list_records" in names, sorted(names)
            assert "cloud_stack_restart" in names
            assert "dns_delete_record" not in names, "destructive tools need a flag"
            restart = next(t for t in tools if t.name == "cloud_stack_restart")
            assert restart.annotations.read_only_hint is False
            listing = next(t for t in tools if t.name == "dns_list_records")
            assert listing.annotations.read_only_hint is True
            assert listing.output_schema is not None

            # The SDK checks structured content against the output schema.
            records = await session.call_tool(
                "dns_list_records", {"domain": "example.nz"}
            )
            assert not records.is_error, records
            items = records.structured_content["items"]
            assert items and items[0]["domain"] == "example.nz", items

            waited = await session.call_tool(
                "cloud_stack_restart",
                {"server": "ch-servername", "name": "examplenz", "wait": True},
                progress_callback=on_progress,
            )
            assert not waited.is_error, waited
            assert waited.structured_content["state"] == "Completed", waited
            assert progress, "no progress notifications"

            refused = await session.call_tool(
                "dns_add_record", {"domain": "example.nz", "type": 5}
            )
            assert refused.is_error and "`type`" in refused.content[0].text, refused
    return len(names), len(progress)


def main():
    binary = sys.argv[1]
    fake, env = start_fake(binary)
    try:
        env["SH_CLIENT_ID"] = "1"
        tools, notes = asyncio.run(asyncio.wait_for(exercise(binary, env), 120))
    finally:
        fake.terminate()
        fake.wait(10)
    print(f"python mcp client: {tools} tools listed, a read tool and a waited job "
          f"({notes} progress notifications) called: ok")


if __name__ == "__main__":
    main()
