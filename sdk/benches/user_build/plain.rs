//! The same program written with reqwest, serde_json and tokio directly.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("SH_API_KEY")?;
    let base = std::env::var("SH_API_URL").unwrap_or_else(|_| "https://api.sitehost.nz".into());
    let body = format!(
        "apikey={key}&client_id=1&server=ch-servername&name=examplenz&containers%5B0%5D=example.nz"
    );
    let response = reqwest::Client::new()
        .post(format!("{base}/1.3/cloud/stack/ssl/lets_encrypt/renew.json"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await?;
    let envelope: serde_json::Value = serde_json::from_slice(&response.bytes().await?)?;
    if envelope["status"] != serde_json::Value::Bool(true) {
        return Err(format!("refused: {}", envelope["msg"]).into());
    }
    let job = &envelope["return"]["job_id"];
    println!("scheduler job {job}");
    Ok(())
}
