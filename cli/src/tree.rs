//! The command tree, built from the table: one subcommand per endpoint, its
//! words the API path's segments; one flag per parameter or group member.

use crate::endpoints::{Entry, Flag, flag_name};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgAction, Command};
use sitehost::ParamKind;
use std::collections::BTreeMap;

/// What `sitehost --help` ends with: the settings (`SH_API_URL` as set,
/// the production host only when it is not), the exit codes.
pub fn after_help() -> String {
    let url = match crate::endpoints::base_url_setting() {
        Some(url) => format!("now {url}"),
        None => format!("default {}", sitehost::DEFAULT_BASE_URL),
    };
    AFTER_HELP.replace("{url}", &url)
}

const AFTER_HELP: &str = "\
Configuration (flags override):
  SH_API_KEY    the API key (never printed)
  SH_CLIENT_ID  the default for --client-id (else the key's own account, asked of the API)
  SH_API_URL    the API's base URL ({url})
  SH_MAX_RPS    the most requests a second to send, or auto (default: no limit)

Exit codes:
  0  success
  1  the API refused the call (status: false); its msg is on stderr
  2  usage error: a missing or malformed flag, nothing was sent
  3  a job waited for with --wait failed
  4  network failure or timeout
  5  a response that is not what the API sends
  6  `plan --detailed-exitcode`: the plan has changes

Try it without an account: `sitehost fake` starts a fake API and prints what to export.";

/// The whole command line.
pub fn command(entries: &[Entry]) -> Command {
    let mut root = Node::default();
    for entry in entries {
        let mut node = &mut root;
        for word in entry.words() {
            node = node.children.entry(word).or_default();
        }
        node.entry = Some(*entry);
    }
    let mut command = Command::new("sitehost")
        .about("The SiteHost API from a shell: every endpoint of the spec is a subcommand")
        .long_about(
            "The SiteHost API from a shell. Every endpoint of the spec is a subcommand whose \
             words are the API path: /cloud/stack/ssl/lets_encrypt/renew is \
             `sitehost cloud stack ssl lets-encrypt renew`. Prints the JSON of `return`.",
        )
        .after_help(after_help())
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    for (word, node) in root.children {
        command = command.subcommand(node.into_command(word, &[]));
    }
    command
        .subcommand(fake_command())
        .subcommand(mcp_command())
        .subcommands(crate::state::commands())
        .subcommand(completions_command())
}

/// `sitehost fake`.
fn fake_command() -> Command {
    Command::new("fake")
        .about("Starts the fake SiteHost API on 127.0.0.1 and prints what to export")
        .long_about(
            "Starts the fake SiteHost API on 127.0.0.1: every endpoint of the spec, \
             checking requests as the real API does. It keeps what calls create, \
             change and delete (DNS zones and records, stacks, servers, databases, \
             SSH keys, ...), starting from the spec's examples or from --seed files. \
             Prints the lines to export (SH_API_URL and the fake's key) and runs until \
             interrupted. With --accounts N, a line follows for each further account: \
             `# SH_API_KEY=KEY SH_CLIENT_ID=ID`. With --faults RATE, that share of the \
             requests meet a fault (a refusal, the rate limit, a connection reset before \
             or after the API acted, a failed job), the same ones for the same --fault-seed.",
        )
        .arg(
            Arg::new("accounts")
                .long("accounts")
                .value_name("N")
                .value_parser(clap::value_parser!(u16).range(1..))
                .default_value("1")
                .help(
                    "Serves N accounts, each a key of its own with its own client ID and \
                     objects; prints each key with its client ID",
                ),
        )
        .arg(
            Arg::new("faults")
                .long("faults")
                .value_name("RATE")
                .value_parser(fault_rate)
                .help(
                    "Makes a share of the requests (0 to 1) meet a fault: a refusal, the \
                     rate limit, a connection reset before or after the API acted, a failed job",
                ),
        )
        .arg(
            Arg::new("fault-seed")
                .long("fault-seed")
                .value_name("N")
                .value_parser(clap::value_parser!(u64))
                .requires("faults")
                .help("The seed the faults are drawn from (0 unless given): the same seed, the same faults"),
        )
        .arg(
            Arg::new("fault-kinds")
                .long("fault-kinds")
                .value_name("KIND,...")
                .value_delimiter(',')
                .value_parser(|text: &str| text.parse::<sitehost::fake::Fault>())
                .requires("faults")
                .help(
                    "Serves only these faults (all unless given): refusal, rate-limit, \
                     reset-before, reset-after, failed-job",
                ),
        )
        .arg(
            Arg::new("rate-limit")
                .long("rate-limit")
                .value_name("N")
                .value_parser(clap::value_parser!(u32).range(1..))
                .help(
                    "Answers more than N requests in a second as the API answers a key \
                     over its limit (HTTP 500, nothing done)",
                ),
        )
        .arg(
            Arg::new("seed")
                .long("seed")
                .value_name("FILE")
                .action(ArgAction::Append)
                .help(
                    "Starts holding the resources of this YAML file instead of the \
                     spec's examples: resource names (dns_zone, dns_record, stack, \
                     server, ...) with lists of objects in the API's shape",
                ),
        )
}

/// A share of requests: a number from 0 to 1.
fn fault_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("{text} is not from 0 to 1"))
    }
}

/// `sitehost mcp`.
fn mcp_command() -> Command {
    Command::new("mcp")
        .about("Serves the API as Model Context Protocol tools on stdio, or over HTTP with --listen")
        .long_about(
            "Serves the API to an AI assistant as Model Context Protocol tools over \
             stdio, one per endpoint (named after its API path), from the same spec. \
             Without flags only the tools that change nothing are served. The key \
             comes from SH_API_KEY only; SH_API_URL and SH_CLIENT_ID as elsewhere. \
             With --listen, over Streamable HTTP at /mcp: each request acts with the \
             SiteHost API key in its `Authorization: Bearer` header (or, with \
             --shared-key, SH_API_KEY for callers presenting a listed token), and \
             narrows the tools with /mcp/readonly, X-MCP-Readonly: true or \
             X-MCP-Tools: dns/*,cloud/stack/*.",
        )
        .arg(
            Arg::new("allow-write")
                .long("allow-write")
                .action(ArgAction::SetTrue)
                .help("Also serve the tools that create or change things"),
        )
        .arg(
            Arg::new("allow-destructive")
                .long("allow-destructive")
                .action(ArgAction::SetTrue)
                .help("Also serve the tools that delete, revoke or replace things (implies --allow-write)"),
        )
        .arg(
            Arg::new("tools")
                .long("tools")
                .value_name("GLOB")
                .num_args(1..)
                .action(ArgAction::Append)
                .help("Serve only the endpoints whose API path matches (dns/*, cloud/stack/*)"),
        )
        .arg(
            Arg::new("dynamic")
                .long("dynamic")
                .action(ArgAction::SetTrue)
                .help("Serve three tools (search, describe, call) instead of one per endpoint"),
        )
        .arg(
            Arg::new("wait-timeout")
                .long("wait-timeout")
                .value_name("SECONDS")
                .value_parser(clap::value_parser!(u64).range(1..))
                .default_value("600")
                .help("The longest a tool's `wait` for a job may take"),
        )
        .arg(
            Arg::new("max-items")
                .long("max-items")
                .value_name("N")
                .value_parser(clap::value_parser!(u64).range(1..=100_000))
                .default_value("1000")
                .help("The most items a paged tool's `all` returns"),
        )
        .args(listen_args())
}

/// `sitehost mcp --listen` and its settings.
fn listen_args() -> Vec<Arg> {
    let flag = |name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .action(ArgAction::SetTrue)
            .requires("listen")
            .help(help)
            .help_heading("Over HTTP")
    };
    let value = |name: &'static str, value_name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(value_name)
            .requires("listen")
            .help(help)
            .help_heading("Over HTTP")
    };
    vec![
        Arg::new("listen")
            .long("listen")
            .value_name("HOST:PORT")
            .help_heading("Over HTTP")
            .help(
                "Serve Streamable HTTP at /mcp (and /mcp/readonly) instead of stdio; each \
                 request acts with the SiteHost API key in its `Authorization: Bearer` header \
                 (a PORT alone listens on 127.0.0.1)",
            ),
        value("tls-cert", "PEM", "The certificate chain to serve TLS with").requires("tls-key"),
        value("tls-key", "PEM", "The private key of --tls-cert").requires("tls-cert"),
        flag(
            "insecure-http",
            "Serve plain HTTP on an address that is not loopback (behind a TLS-terminating proxy)",
        ),
        value(
            "allowed-host",
            "NAME",
            "Also accept this Host (name or name:port); repeatable",
        )
        .action(ArgAction::Append),
        value(
            "allowed-origin",
            "ORIGIN",
            "Accept browser requests from this Origin (https://app.example.com); repeatable",
        )
        .action(ArgAction::Append),
        flag(
            "shared-key",
            "Act with SH_API_KEY for every caller presenting one of the --tokens",
        )
        .requires("tokens"),
        value(
            "tokens",
            "FILE",
            "With --shared-key: the SHA-256 hashes (hex, one a line) of the bearer tokens callers \
             may present",
        )
        .requires("shared-key"),
        value(
            "max-keys",
            "N",
            "The most callers' clients kept (the idlest dropped)",
        )
        .value_parser(clap::value_parser!(u64).range(1..=1_000_000))
        .default_value("1024"),
        value(
            "idle-timeout",
            "SECONDS",
            "A caller's client unused this long is dropped",
        )
        .value_parser(clap::value_parser!(u64).range(1..))
        .default_value("900"),
        value(
            "max-in-flight",
            "N",
            "The most requests of one key at once (429 beyond)",
        )
        .value_parser(clap::value_parser!(u64).range(1..=10_000))
        .default_value("8"),
    ]
}

/// `sitehost completions`.
fn completions_command() -> Command {
    Command::new("completions")
        .about("Prints shell completions")
        .arg(
            Arg::new("shell")
                .required(true)
                .value_parser(PossibleValuesParser::new(["bash", "zsh", "fish"])),
        )
}

fn global_args() -> Vec<Arg> {
    let args = [
        Arg::new("api-url")
            .long("api-url")
            .global(true)
            .value_name("URL")
            .help("The API's base URL"),
        Arg::new("api-key")
            .long("api-key")
            .global(true)
            .value_name("KEY")
            .help("The API key (better from SH_API_KEY: a flag shows in process lists)"),
        Arg::new("max-rps")
            .long("max-rps")
            .global(true)
            .value_name("N|auto")
            .value_parser(|text: &str| text.parse::<sitehost::RequestRate>())
            .help(
                "Send at most N requests a second (a paged --all walk stays under the API's \
                 limit); auto: slow down when the API refuses for its rate",
            ),
        Arg::new("all")
            .long("all")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("For a paged list: fetch every page and print every item"),
        Arg::new("wait")
            .long("wait")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("For an endpoint that starts a job: wait for it, showing its state on stderr"),
        Arg::new("dry-run")
            .long("dry-run")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Print the request (method, URL, fields in order, key as ***); send nothing"),
        Arg::new("debug")
            .long("debug")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("Print each request on stderr before sending it (key as ***)"),
    ];
    args.into_iter()
        .map(|a| a.help_heading("Global options"))
        .collect()
}

#[derive(Default)]
struct Node {
    entry: Option<Entry>,
    children: BTreeMap<String, Node>,
}

impl Node {
    fn into_command(self, word: String, parents: &[String]) -> Command {
        let mut words = parents.to_vec();
        words.push(word.clone());
        let mut command = Command::new(word);
        if let Some(entry) = self.entry {
            command = endpoint_command(command, &entry);
        } else {
            command = command
                .about(format!(
                    "Endpoints under /{}",
                    words.join("/").replace('-', "_")
                ))
                .subcommand_required(true)
                .arg_required_else_help(true);
        }
        for (child, node) in self.children {
            command = command.subcommand(node.into_command(child, &words));
        }
        command
    }
}

fn endpoint_command(command: Command, entry: &Entry) -> Command {
    let e = entry.endpoint;
    let mut long = entry.text();
    long.push_str(&format!("\n\n{} {}", e.method, entry.url()));
    if let Some(job) = e.job {
        long.push_str(&format!(
            "\n\nStarts a {job} job: --wait waits for it and ends with its status."
        ));
    }
    if e.paging.is_some() {
        long.push_str("\n\nA paged list: --all fetches every page.");
    }
    let args = entry.flags().into_iter().map(|f| flag_arg(&f));
    command
        .about(entry.summary())
        .long_about(long)
        .args(args)
        .arg(output_arg())
}

/// `-o json|table`, on each endpoint's command.
fn output_arg() -> Arg {
    Arg::new("output")
        .long("output")
        .short('o')
        .value_parser(PossibleValuesParser::new(["json", "table"]))
        .default_value("json")
        .help("json: `return` as JSON (pretty on a terminal); table: a list as columns")
        .help_heading("Global options")
}

fn flag_arg(flag: &Flag) -> Arg {
    let mut help = flag.param.description.to_owned();
    let mut notes = Vec::new();
    if flag.keyed {
        notes.push("KEY=VALUE; a VALUE of @FILE is read from the file".to_owned());
    }
    if let Some(list) = &flag.entry_of {
        notes.push(format!(
            "repeat for each entry: the Nth values of the --{}-… flags make entry N",
            flag_name(list)
        ));
    } else if flag.repeated {
        notes.push("repeat the flag for each value".to_owned());
    }
    if flag.param.or_auto {
        notes.push("or the single value `auto`".to_owned());
    }
    if let Some(group) = &flag.required_in {
        notes.push(format!(
            "required with any other --{}-… flag",
            flag_name(group)
        ));
    }
    let examples = flag.example_texts();
    if !examples.is_empty() {
        let shown: Vec<String> = examples
            .iter()
            .map(|v| format!("--{} {}", flag.long, shell_word(v)))
            .collect();
        notes.push(format!("example: {}", shown.join(" ")));
    }
    if !notes.is_empty() {
        if !help.is_empty() && !help.ends_with('.') {
            help.push('.');
        }
        help.push_str(&format!(" ({})", notes.join("; ")));
    }
    let mut arg = Arg::new(flag.key.clone())
        .long(flag.long.clone())
        .help(help.trim().to_owned())
        .required(flag.required)
        // Values such as a certificate's `-----BEGIN` or a negative number.
        .allow_hyphen_values(true)
        .action(if flag.repeated {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    // Values are read by the codec, which refuses a wrong one in its own
    // words; clap only names them, and offers an enum's for completion.
    arg = match (flag.kind(), flag.keyed) {
        (_, true) => arg.value_name("KEY=VALUE"),
        (ParamKind::Integer, _) => arg.value_name("INTEGER"),
        (ParamKind::Boolean, _) => arg
            .value_name("BOOL")
            .value_parser(Offered(&["true", "false"])),
        (ParamKind::Choice(values), _) => arg.value_name("VALUE").value_parser(Offered(values)),
        _ => arg.value_name("TEXT"),
    };
    if flag.is_client_id() {
        // Defaults to SH_CLIENT_ID, else the key's own account.
        arg = arg.required(false);
    }
    arg
}

/// Offers these values for help and completion, and takes any text: the
/// codec checks it.
#[derive(Clone)]
struct Offered(&'static [&'static str]);

impl TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(PossibleValue::new)))
    }
}

/// A value as a shell word: quoted when it holds spaces or quotes.
fn shell_word(value: &str) -> String {
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}
