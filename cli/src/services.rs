//! The commands that are not endpoints: `fake`, `mcp` and `completions`.

use crate::endpoints::Entry;
use crate::exit;
use crate::io::Io;
use clap::ArgMatches;

pub(crate) async fn mcp(matches: &ArgMatches, io: &Io) -> u8 {
    // The server's key comes from the environment only: a key on the command
    // line would stand in a client's configuration and in process listings.
    if matches.value_source("api-key") == Some(clap::parser::ValueSource::CommandLine) {
        io.note("error: sitehost mcp takes the key from SH_API_KEY only, not --api-key");
        return exit::USAGE;
    }
    let number = |name: &str| matches.get_one::<u64>(name).copied().unwrap_or(1);
    let options = crate::mcp::Options {
        allow_write: matches.get_flag("allow-write"),
        allow_destructive: matches.get_flag("allow-destructive"),
        tools: matches
            .get_many::<String>("tools")
            .map(|globs| globs.cloned().collect())
            .unwrap_or_default(),
        dynamic: matches.get_flag("dynamic"),
        wait_timeout: std::time::Duration::from_secs(number("wait-timeout")),
        max_items: usize::try_from(number("max-items")).unwrap_or(1000),
    };
    match matches.get_one::<String>("listen") {
        Some(address) => {
            // The server's own runtime, a thread per core: the command line's
            // runs one thread, enough for one command, not for many callers.
            let listen = listen(matches, address);
            let served = tokio::task::spawn_blocking(move || {
                tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .build()
                    .map(|runtime| runtime.block_on(crate::mcp::http::listen(options, listen)))
            })
            .await;
            match served {
                Ok(Ok(code)) => code,
                Ok(Err(e)) => {
                    io.note(&format!("error: cannot start the server: {e}"));
                    exit::NETWORK
                }
                Err(e) => {
                    io.note(&format!("error: the server stopped: {e}"));
                    exit::NETWORK
                }
            }
        }
        None => crate::mcp::serve(options).await,
    }
}

/// The settings of `sitehost mcp --listen`.
fn listen(matches: &ArgMatches, address: &str) -> crate::mcp::http::Listen {
    let strings = |name: &str| -> Vec<String> {
        matches
            .get_many::<String>(name)
            .map(|v| v.cloned().collect())
            .unwrap_or_default()
    };
    let path = |name: &str| {
        matches
            .get_one::<String>(name)
            .map(std::path::PathBuf::from)
    };
    let number = |name: &str| {
        matches
            .get_one::<u64>(name)
            .map_or(1, |n| usize::try_from(*n).unwrap_or(usize::MAX))
    };
    crate::mcp::http::Listen {
        address: address.to_owned(),
        tls: path("tls-cert").zip(path("tls-key")),
        insecure_http: matches.get_flag("insecure-http"),
        shared_tokens: path("tokens").filter(|_| matches.get_flag("shared-key")),
        transport: crate::mcp::http::Transport {
            allowed_hosts: strings("allowed-host"),
            allowed_origins: strings("allowed-origin"),
        },
        limits: crate::mcp::http::Limits {
            max_keys: number("max-keys"),
            idle: std::time::Duration::from_secs(
                matches
                    .get_one::<u64>("idle-timeout")
                    .copied()
                    .unwrap_or(900),
            ),
            max_in_flight: number("max-in-flight"),
        },
    }
}

pub(crate) async fn fake(matches: &ArgMatches, io: &Io) -> u8 {
    let mut builder = sitehost::fake::FakeApi::builder();
    if let Some(limit) = matches.get_one::<u32>("rate-limit") {
        builder = builder.rate_limit(*limit);
    }
    for seed in matches.get_many::<String>("seed").into_iter().flatten() {
        builder = builder.seed_file(seed);
    }
    if let Some(accounts) = matches.get_one::<u16>("accounts") {
        builder = builder.accounts(usize::from(*accounts));
    }
    if let Some(rate) = matches.get_one::<f64>("faults") {
        builder = builder.faults(*rate);
    }
    if let Some(seed) = matches.get_one::<u64>("fault-seed") {
        builder = builder.fault_seed(*seed);
    }
    if let Some(kinds) = matches.get_many::<sitehost::fake::Fault>("fault-kinds") {
        builder = builder.fault_kinds(kinds.copied());
    }
    let fake = match builder.start().await {
        Ok(fake) => fake,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput
            ) =>
        {
            io.note(&format!("error: {e}"));
            return exit::USAGE;
        }
        Err(e) => {
            io.note(&format!("error: cannot start the fake API: {e}"));
            return exit::NETWORK;
        }
    };
    // The first account as lines to export, the others as comments a shell
    // evaluating the output passes over. Printing the keys is the point.
    let mut exports = format!(
        "export SH_API_URL={}\nexport SH_API_KEY={}\nexport SH_CLIENT_ID={}",
        fake.base_url(),
        fake.api_key(),
        fake.client_id_of(fake.api_key()).unwrap_or(1)
    );
    for key in fake.api_keys().iter().skip(1) {
        let client_id = fake.client_id_of(key).unwrap_or(0);
        exports.push_str(&format!("\n# SH_API_KEY={key} SH_CLIENT_ID={client_id}"));
    }
    if io.line(&exports).is_err() {
        return exit::OK;
    }
    if let Some(rate) = matches.get_one::<f64>("faults") {
        let seed = matches.get_one::<u64>("fault-seed").copied().unwrap_or(0);
        io.note(&format!(
            "Faults: a share of {rate} of the requests, drawn from seed {seed}."
        ));
    }
    io.note("The fake SiteHost API is running; stop it with Ctrl-C.");
    let _ = tokio::signal::ctrl_c().await;
    exit::OK
}

pub(crate) fn completions(matches: &ArgMatches, entries: &[Entry], io: &Io) -> u8 {
    let shell = match matches.get_one::<String>("shell").map(String::as_str) {
        Some("zsh") => clap_complete::Shell::Zsh,
        Some("fish") => clap_complete::Shell::Fish,
        _ => clap_complete::Shell::Bash,
    };
    let mut command = crate::tree::command(entries);
    // Into a buffer: clap_complete panics when its writer fails (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "sitehost", &mut script);
    match io.raw(&script) {
        Ok(()) => exit::OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            io.note(&format!("error: cannot write the completions: {e}"));
            exit::BAD_RESPONSE
        }
    }
}
