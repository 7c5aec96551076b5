//! The client of the command line and of the MCP server: configured one way
//! (the environment, then the command's flags).

use crate::failure::Failure;
use crate::flags::Usage;
use clap::ArgMatches;
use sitehost::{Client, Error, RequestRate};

/// The client a command's flags and the environment configure: the
/// environment's settings ([`Client::builder_from_env`]), each flag given
/// overriding its variable. With `dry_run`, a client without a key may be
/// made (none is sent).
pub(crate) fn from_flags(matches: &ArgMatches, dry_run: bool) -> Result<Client, Failure> {
    let mut builder = Client::builder_from_env()?;
    if let Some(key) = matches.get_one::<String>("api-key") {
        builder = builder.api_key(key.trim());
    }
    // `sitehost plan`, `apply` and `export` take the account's ID.
    if let Ok(Some(id)) = matches.try_get_one::<i64>("client-id") {
        builder = builder.client_id(*id);
    }
    if let Some(rate) = matches.get_one::<RequestRate>("max-rps") {
        builder = builder.max_requests_per_second(*rate);
    }
    if let Some(url) = matches.get_one::<String>("api-url") {
        builder = builder.base_url(url.trim());
    }
    match builder.clone().build() {
        Ok(client) => Ok(client),
        // Not shown and not sent: the preview prints the key as ***.
        Err(Error::Config(_)) if dry_run => Ok(builder.api_key("dry-run").build()?),
        Err(Error::Config(why)) if why.contains("SH_API_KEY") || why.contains("no API key") => {
            Err(Usage("no API key: set SH_API_KEY (or give --api-key)".to_owned()).into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Everything a client is but its key: each caller's client is made from
/// it with the caller's key, all on one connection pool, each with its own
/// pacing and learned account ([`sitehost::ClientTemplate`]).
#[derive(Debug, Clone)]
pub struct Template(sitehost::ClientTemplate);

impl Template {
    /// A template of the clients `builder` makes (its key, if any, unused).
    ///
    /// # Errors
    ///
    /// When the settings are unusable.
    pub fn new(builder: sitehost::ClientBuilder) -> Result<Template, Error> {
        builder.build_template().map(Template)
    }

    /// The environment's settings (`SH_API_URL`, `SH_MAX_RPS`), without a
    /// key: over HTTP each caller brings their own, and each key names its
    /// own account.
    ///
    /// # Errors
    ///
    /// When a variable is malformed, the settings unusable, or
    /// `SH_CLIENT_ID` set.
    pub fn from_env() -> Result<Template, Error> {
        if std::env::var("SH_CLIENT_ID").is_ok_and(|v| !v.trim().is_empty()) {
            return Err(Error::Config(
                "SH_CLIENT_ID names one account, and each caller's key names its own: unset it \
                 (or serve one key with --shared-key)"
                    .to_owned(),
            ));
        }
        Template::new(Client::builder_from_env()?)
    }

    /// A client acting with `key`.
    ///
    /// # Errors
    ///
    /// For a malformed key.
    pub fn client(&self, key: &str) -> Result<Client, Error> {
        self.0.client(key)
    }
}
