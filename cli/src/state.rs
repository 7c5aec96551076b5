//! `sitehost plan`, `apply` and `export`: desired state from the command
//! line, thin over `sitehost::state`.

use crate::exit;
use crate::failure::Failure;
use crate::io::Io;
use clap::{Arg, ArgAction, ArgMatches, Command};
use sitehost::Client;
use sitehost::state::{
    DesiredState, ExportOptions, Plan, PlanError, PlanOptions, Progress, Report, SecretsFile,
};
use std::io::IsTerminal;

/// The three commands.
pub fn commands() -> Vec<Command> {
    vec![plan_command(), apply_command(), export_command()]
}

fn files_arg() -> Arg {
    Arg::new("file")
        .short('f')
        .long("file")
        .value_name("FILE")
        .action(ArgAction::Append)
        .help("A state file: resources by name (dns_zone, dns_record, ...), each a list of objects; repeat for several")
}

fn prune_arg() -> Arg {
    Arg::new("prune")
        .long("prune")
        .value_name("RESOURCE")
        .action(ArgAction::Append)
        .help("Delete the objects of RESOURCE the files do not list, under the parents they list (the records of their zones)")
}

fn force_arg() -> Arg {
    Arg::new("force")
        .long("force")
        .action(ArgAction::SetTrue)
        .help("Allow more than 10 deletions, or more than a quarter of one resource's objects")
}

fn replace_arg() -> Arg {
    Arg::new("replace")
        .long("replace")
        .value_name("RESOURCE/OBJECT")
        .action(ArgAction::Append)
        .help("Replace this object (server/NAME) where a field changes that no endpoint changes in place (a server's location): it is deleted and made again")
}

fn client_id_arg() -> Arg {
    Arg::new("client-id")
        .long("client-id")
        .value_name("INTEGER")
        .value_parser(clap::value_parser!(i64))
        .help("The account the objects belong to (default: SH_CLIENT_ID, else the key's own)")
}

fn plan_command() -> Command {
    Command::new("plan")
        .about("Shows what apply would create, change, replace and delete for state files")
        .long_about(
            "Reads what exists (one list per parent, never one get per object) and prints \
             each create, update (field by field, old and new), replacement and, with \
             --prune, deletion that would make the account hold what the files say. Only the \
             fields a file writes are compared; what the API sets (IDs, dates) never is, and \
             secrets are shown as (secret).",
        )
        .arg(files_arg().required(true))
        .arg(prune_arg())
        .arg(force_arg())
        .arg(replace_arg())
        .arg(client_id_arg())
        .arg(
            Arg::new("json")
                .long("json")
                .action(ArgAction::SetTrue)
                .help("Print the plan as JSON (format sitehost-plan/1) instead of a table"),
        )
        .arg(
            Arg::new("out")
                .short('o')
                .long("out")
                .value_name("PLAN")
                .help("Also save the plan, for `sitehost apply PLAN`"),
        )
        .arg(
            Arg::new("detailed-exitcode")
                .long("detailed-exitcode")
                .action(ArgAction::SetTrue)
                .help("Exit 0 when there is nothing to do and 6 when there are changes"),
        )
}

fn apply_command() -> Command {
    Command::new("apply")
        .about("Makes the changes that make the account hold what state files say")
        .long_about(
            "Plans as `sitehost plan` does (or reads a saved PLAN and checks that what it \
             assumed still holds), shows the plan, and makes the changes in dependency \
             order, waiting for each job. Stops at the first failure with a report of what \
             was done, what failed and what was not attempted; running it again finishes the \
             work. On a terminal it asks first (saying which calls of the plan delete, \
             replace or spend); otherwise it needs --yes, and --allow-destructive too for a \
             plan that calls such an endpoint.",
        )
        .arg(files_arg())
        .arg(
            Arg::new("plan")
                .value_name("PLAN")
                .conflicts_with("file")
                .help("A plan saved with `sitehost plan -o PLAN`"),
        )
        .arg(prune_arg())
        .arg(force_arg())
        .arg(replace_arg())
        .arg(client_id_arg())
        .arg(
            Arg::new("secrets-out")
                .long("secrets-out")
                .value_name("FILE")
                .help("Append the secrets the API returns once (a new server's root password, an AI token) to FILE as they arrive: YAML, one entry per object, created with mode 0600; an apply that creates such an object without it is refused before anything is sent"),
        )
        .arg(
            Arg::new("yes")
                .long("yes")
                .short('y')
                .action(ArgAction::SetTrue)
                .help("Apply without asking"),
        )
        .arg(
            Arg::new("allow-destructive")
                .long("allow-destructive")
                .action(ArgAction::SetTrue)
                .help("With --yes, apply a plan that calls an endpoint that deletes, replaces or spends (a deletion, a replacement, a server's order)"),
        )
}

fn export_command() -> Command {
    Command::new("export")
        .about("Writes a state file of what exists")
        .long_about(
            "Writes a state file of the objects the account holds: the fields a file may \
             write, never what the API sets, so that `plan` of the export against the same \
             account plans nothing.",
        )
        .arg(
            Arg::new("resource")
                .long("resource")
                .value_name("RESOURCE")
                .action(ArgAction::Append)
                .help("Export this resource (all that desired state manages unless given)"),
        )
        .arg(
            Arg::new("under")
                .long("under")
                .value_name("FIELD=VALUE")
                .action(ArgAction::Append)
                .help(
                    "Only objects whose field (or whose parent's) has the value: domain=example.nz",
                ),
        )
        .arg(client_id_arg())
        .arg(
            Arg::new("out")
                .short('o')
                .long("out")
                .value_name("FILE")
                .help("Write the file here instead of to stdout"),
        )
}

fn client(matches: &ArgMatches) -> Result<Client, Failure> {
    crate::client::from_flags(matches, false)
}

fn usage(message: &str) -> Failure {
    Failure::Usage(crate::flags::Usage(message.to_owned()))
}

fn strings(matches: &ArgMatches, name: &str) -> Vec<String> {
    matches
        .get_many::<String>(name)
        .map(|v| v.cloned().collect())
        .unwrap_or_default()
}

fn desired(files: &[String]) -> Result<DesiredState, Failure> {
    DesiredState::from_files(files).map_err(|e| usage(&e.to_string()))
}

/// The plan's options: the resources to prune, `--force` and `--replace`.
fn options(prune: Vec<String>, matches: &ArgMatches) -> PlanOptions {
    PlanOptions::default()
        .with_prune(prune)
        .with_force(matches.get_flag("force"))
        .with_replace(strings(matches, "replace"))
}

/// What a front end does with desired state's error: a refusal it names
/// the flag for, or the API's error as every command reports it.
fn failure(error: PlanError) -> Failure {
    match error {
        PlanError::Api(e) => Failure::Api(e),
        PlanError::CannotChange { message, objects } => usage(&format!(
            "{message} (--replace {})",
            objects.join(" --replace ")
        )),
        PlanError::NeedsForce(why) => usage(&format!("{why}: give --force to apply it")),
        PlanError::NeedsSecrets(why) => usage(&format!(
            "{why}: give --secrets-out FILE to keep them; nothing was sent"
        )),
        other => usage(&other.to_string()),
    }
}

/// `sitehost plan`.
pub(crate) async fn plan(matches: &ArgMatches, io: &Io) -> Result<u8, Failure> {
    let client = client(matches)?;
    let desired = desired(&strings(matches, "file"))?;
    let options = options(strings(matches, "prune"), matches);
    let plan = Plan::compute(&client, &desired, &options)
        .await
        .map_err(failure)?;
    let json = plan.to_json();
    if let Some(out) = matches.get_one::<String>("out") {
        std::fs::write(out, format!("{json:#}\n"))
            .map_err(|e| usage(&format!("cannot write {out}: {e}")))?;
    }
    if matches.get_flag("json") {
        io.line(&json.to_string())?;
    } else {
        io.line(plan.to_string().trim_end())?;
    }
    Ok(
        if matches.get_flag("detailed-exitcode") && !plan.is_empty() {
            exit::CHANGES
        } else {
            exit::OK
        },
    )
}

/// `sitehost apply`.
pub(crate) async fn apply(matches: &ArgMatches, io: &Io) -> Result<u8, Failure> {
    let client = client(matches)?;
    let (plan, saved) = match matches.get_one::<String>("plan") {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| usage(&format!("cannot read {path}: {e}")))?;
            let value: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| usage(&format!("{path}: not a plan: {e}")))?;
            let saved = Plan::from_json(&value).map_err(|e| usage(&format!("{path}: {e}")))?;
            let options = options(saved.prune.clone(), matches);
            let plan = Plan::compute(&client, &desired(&saved.files)?, &options)
                .await
                .map_err(failure)?;
            (plan, Some(saved))
        }
        None => {
            let files = strings(matches, "file");
            if files.is_empty() {
                return Err(usage("apply takes state files (-f FILE) or a saved PLAN"));
            }
            let options = options(strings(matches, "prune"), matches);
            (
                Plan::compute(&client, &desired(&files)?, &options)
                    .await
                    .map_err(failure)?,
                None,
            )
        }
    };
    if let Some(saved) = &saved
        && !plan.same_as(saved)
    {
        io.note(
            "error: the account (or the state files) changed since the plan was made, so it no \
             longer holds: plan again",
        );
        return Ok(exit::REFUSED);
    }
    io.line(plan.to_string().trim_end())?;
    if plan.is_empty() {
        return Ok(exit::OK);
    }
    if let Some(why) = &plan.needs_force {
        return Err(usage(&format!("{why}: give --force to apply it")));
    }
    let secrets = matches
        .get_one::<String>("secrets-out")
        .map(SecretsFile::new);
    if secrets.is_none()
        && let Some(why) = plan.secrets_returned()
    {
        return Err(failure(PlanError::NeedsSecrets(why)));
    }
    let destructive = plan.destructive_reason();
    if let Some(why) = &destructive
        && matches.get_flag("yes")
        && !matches.get_flag("allow-destructive")
    {
        return Err(usage(&format!(
            "{why}: give --allow-destructive with --yes to apply it"
        )));
    }
    if !matches.get_flag("yes") && !confirmed(io, plan.changes.len(), destructive.as_deref())? {
        return Ok(exit::USAGE);
    }
    let mut keep = |returned: &sitehost::state::Returned| match &secrets {
        Some(file) => file.keep(returned),
        None => Ok(()),
    };
    let mut steps = crate::progress::Steps::new(io, plan.changes.len());
    let report = plan
        .apply_keeping(&client, &mut keep, |step| match step {
            Progress::Started(c) => {
                steps.started(format!(
                    "{} {} {}",
                    c.action.as_str(),
                    c.resource,
                    c.label()
                ));
            }
            Progress::Job(_, state, elapsed) => steps.job(state, elapsed),
            Progress::Done(_) => steps.done(),
        })
        .await
        .map_err(failure)?;
    drop(steps);
    io.line(&report.to_string())?;
    Ok(code(&report))
}

/// The exit code of an application: 0 done, 3 a job failed, 1 a call was
/// refused.
fn code(report: &Report) -> u8 {
    match &report.failed {
        None => exit::OK,
        Some(failed) if failed.job_failed => exit::JOB_FAILED,
        Some(_) => exit::REFUSED,
    }
}

/// On a terminal, asks whether to apply (saying first what in the plan
/// destroys); without one, refuses (`--yes`).
fn confirmed(io: &Io, changes: usize, destructive: Option<&str>) -> Result<bool, Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(usage(
            "apply asks before changing anything, and there is no terminal to ask on: give --yes",
        ));
    }
    if let Some(why) = destructive {
        io.note(&format!("Warning: {why}."));
    }
    io.note(&format!(
        "Apply these {changes} changes? Type yes to go on:"
    ));
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(Failure::Output)?;
    if answer.trim() == "yes" {
        Ok(true)
    } else {
        io.note("Nothing was changed.");
        Ok(false)
    }
}

/// `sitehost export`.
pub(crate) async fn export(matches: &ArgMatches, io: &Io) -> Result<u8, Failure> {
    let client = client(matches)?;
    let mut under = Vec::new();
    for pair in strings(matches, "under") {
        let Some((field, value)) = pair.split_once('=') else {
            return Err(usage(&format!("--under takes FIELD=VALUE, not {pair:?}")));
        };
        under.push((field.to_owned(), value.to_owned()));
    }
    let options = ExportOptions::default()
        .with_resources(strings(matches, "resource"))
        .with_under(under);
    let state = sitehost::state::export(&client, &options)
        .await
        .map_err(failure)?;
    let text = state.to_yaml();
    match matches.get_one::<String>("out") {
        Some(out) => {
            std::fs::write(out, text).map_err(|e| usage(&format!("cannot write {out}: {e}")))?
        }
        None => io.raw(text.as_bytes())?,
    }
    Ok(exit::OK)
}
