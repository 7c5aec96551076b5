//! The client of the command line and of the MCP server: configured one way
//! (the environment, then the command's flags), and the account's ID a call
//! takes when none is given.

use crate::failure::Failure;
use crate::flags::Usage;
use clap::ArgMatches;
use serde_json::{Map, Value};
use sitehost::{Client, Endpoint, Error, Role};

/// The client a command's flags (and the environment) configure; with
/// `dry_run`, one without a key (none is sent).
pub(crate) fn from_flags(matches: &ArgMatches, dry_run: bool) -> Result<Client, Failure> {
    let key = matches.get_one::<String>("api-key").cloned();
    let key = match key {
        Some(key) if !key.trim().is_empty() => key,
        // Not shown and not sent: the preview prints the key as ***.
        _ if dry_run => "dry-run".to_owned(),
        _ => {
            return Err(Usage("no API key: set SH_API_KEY (or give --api-key)".to_owned()).into());
        }
    };
    let mut builder = Client::builder().api_key(key);
    // `sitehost plan`, `apply` and `export` take the account's ID.
    if let Ok(Some(id)) = matches.try_get_one::<i64>("client-id") {
        builder = builder.client_id(*id);
    }
    if let Some(limit) = matches.get_one::<u32>("max-rps") {
        builder = builder.max_requests_per_second(*limit);
    }
    if let Some(url) = matches
        .get_one::<String>("api-url")
        .filter(|u| !u.trim().is_empty())
    {
        builder = builder.base_url(url.trim());
    }
    Ok(builder.build()?)
}

/// The account's ID as the client knows it: configured, or learned from
/// the key.
///
/// # Errors
///
/// When it is neither configured nor can be learned.
pub async fn account_id(client: &Client) -> Result<Option<i64>, Error> {
    Ok(client.client_id())
}

/// Fills in the endpoint's account parameter where `request` does not give
/// it, with the client's account ([`account_id`]).
///
/// # Errors
///
/// When the account's ID is needed and cannot be learned.
pub async fn fill_client_id(
    client: &Client,
    endpoint: &Endpoint,
    request: &mut Map<String, Value>,
) -> Result<(), Error> {
    let Some(param) = endpoint.param_with(Role::ClientId) else {
        return Ok(());
    };
    if matches!(request.get(param.name), None | Some(Value::Null))
        && let Some(id) = account_id(client).await?
    {
        request.insert(param.name.to_owned(), Value::from(id));
    }
    Ok(())
}

/// Everything a client is but its key: each caller's client is made from
/// it with the caller's key, each with its own pacing and learned account.
#[derive(Debug, Clone)]
pub struct Template {
    builder: sitehost::ClientBuilder,
}

impl Template {
    /// A template of the clients `builder` makes (its key, if any, unused).
    ///
    /// # Errors
    ///
    /// When the settings are unusable.
    pub fn new(builder: sitehost::ClientBuilder) -> Result<Template, Error> {
        // Checks the settings once, with a stand-in key that is never sent.
        builder.clone().api_key("template").build()?;
        Ok(Template { builder })
    }

    /// The environment's settings (`SH_API_URL`, `SH_MAX_RPS`), without a
    /// key: over HTTP each caller brings their own.
    ///
    /// # Errors
    ///
    /// When a variable is malformed or the settings unusable.
    pub fn from_env() -> Result<Template, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if var("SH_CLIENT_ID").is_some() {
            return Err(Error::Config(
                "SH_CLIENT_ID names one account, and each caller's key names its own: unset it \
                 (or serve one key with --shared-key)"
                    .to_owned(),
            ));
        }
        let mut builder = Client::builder();
        if let Some(url) = var("SH_API_URL") {
            builder = builder.base_url(url.trim());
        }
        if let Some(limit) = var("SH_MAX_RPS") {
            let limit = limit.trim().parse().map_err(|_| {
                Error::Config(format!(
                    "SH_MAX_RPS must be a whole number of requests a second, not {limit:?}"
                ))
            })?;
            builder = builder.max_requests_per_second(limit);
        }
        Template::new(builder)
    }

    /// A client acting with `key`.
    ///
    /// # Errors
    ///
    /// For a malformed key.
    pub fn client(&self, key: &str) -> Result<Client, Error> {
        self.builder.clone().api_key(key).build()
    }
}
