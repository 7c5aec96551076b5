//! Helpers shared by the integration tests: a loopback HTTP server that
//! answers from a script, misbehaving on purpose where the script says so.

pub mod diagnostics;
pub mod scratch;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// Answers with this status, headers and body.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Answers 200 with the request's own raw bytes inside a `status: false`
    /// envelope, as a hostile or broken server might.
    Echo,
    /// Reads the request and never answers.
    Hang,
    /// Sends the headers, then one byte of the body every `every`.
    Trickle { body: Vec<u8>, every: Duration },
    /// Promises `declared` bytes, sends `body`, and closes the connection.
    CutShort { declared: usize, body: Vec<u8> },
    /// Closes the connection without answering.
    Close,
    /// Answers 200 with no `Content-Length` and `total` bytes of body, in
    /// chunks, until done or the client goes away.
    Endless { total: usize },
}

impl Behaviour {
    /// `200 OK` with a JSON body.
    pub fn json(body: &str) -> Behaviour {
        Behaviour::status(200, "application/json", body)
    }

    pub fn status(status: u16, content_type: &str, body: &str) -> Behaviour {
        Behaviour::Respond {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }
}

/// A server on 127.0.0.1 that answers the n-th request with the n-th
/// behaviour (the last one repeats), one request per connection.
pub struct ScriptedServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl ScriptedServer {
    pub async fn start(script: Vec<Behaviour>) -> ScriptedServer {
        assert!(!script.is_empty(), "a script needs at least one behaviour");
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let task = tokio::spawn(async move {
            let mut n = 0;
            while let Ok((stream, _)) = listener.accept().await {
                let behaviour = script[n.min(script.len() - 1)].clone();
                n += 1;
                let seen = seen.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, behaviour, seen).await;
                });
            }
        });
        ScriptedServer {
            addr,
            requests,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests have arrived.
    pub fn hits(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// The raw requests received.
    pub fn raw_requests(&self) -> Vec<Vec<u8>> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A port on 127.0.0.1 with nothing listening.
pub async fn closed_port_url() -> String {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = find(&data, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return Ok(data);
            }
        }
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(data);
        }
        data.extend_from_slice(&buf[..n]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn serve(
    mut stream: TcpStream,
    behaviour: Behaviour,
    seen: Arc<Mutex<Vec<Vec<u8>>>>,
) -> std::io::Result<()> {
    let request = read_request(&mut stream).await?;
    seen.lock().unwrap().push(request.clone());
    let head = |status: u16, length: usize, content_type: &str| {
        format!(
            "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n"
        )
    };
    match behaviour {
        Behaviour::Respond {
            status,
            headers,
            body,
        } => {
            let mut text = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                text.push_str(&format!("{name}: {value}\r\n"));
            }
            text.push_str("\r\n");
            stream.write_all(text.as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Behaviour::Echo => {
            let echoed = String::from_utf8_lossy(&request).into_owned();
            let body =
                serde_json::json!({"return": null, "msg": echoed, "status": "yes"}).to_string();
            stream
                .write_all(
                    format!("{}\r\n{body}", head(200, body.len(), "application/json")).as_bytes(),
                )
                .await?;
        }
        Behaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        Behaviour::Trickle { body, every } => {
            stream
                .write_all(format!("{}\r\n", head(200, body.len(), "application/json")).as_bytes())
                .await?;
            for byte in body {
                stream.write_all(&[byte]).await?;
                stream.flush().await?;
                tokio::time::sleep(every).await;
            }
        }
        Behaviour::CutShort { declared, body } => {
            stream
                .write_all(format!("{}\r\n", head(200, declared, "application/json")).as_bytes())
                .await?;
            stream.write_all(&body).await?;
        }
        Behaviour::Close => {}
        Behaviour::Endless { total } => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
                .await?;
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < total {
                stream.write_all(&chunk).await?;
                sent += chunk.len();
            }
        }
    }
    stream.shutdown().await.ok();
    Ok(())
}

/// Sends `request` to a fresh fake API; returns the one request that
/// arrived, checked to be accepted, and what the call returned.
pub async fn send_to_fake<R: sitehost::Request>(
    request: &R,
) -> (
    sitehost::fake::RecordedRequest,
    Result<R::Output, sitehost::Error>,
) {
    let fake = sitehost::fake::FakeApi::start().await.unwrap();
    let result = fake.client().send(request).await;
    let mut requests = fake.take_requests();
    assert_eq!(requests.len(), 1);
    let request = requests.remove(0);
    assert_eq!(request.refused, None, "the fake refused {request}");
    (request, result)
}
