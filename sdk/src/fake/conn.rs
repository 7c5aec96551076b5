//! A connection the fake can reset: a TCP stream that, once told, writes
//! nothing more and is closed with a TCP reset (`RST`) instead of the usual
//! shutdown, as a connection dropped by the network or a crashing server
//! is. The client sees a broken connection, not a response.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// A stream served by the fake.
pub(super) struct Conn {
    stream: TcpStream,
    reset: Arc<AtomicBool>,
}

/// Resets its connection when told.
#[derive(Clone, Debug)]
pub(super) struct Resetter(Arc<AtomicBool>);

impl Resetter {
    /// Marks the connection to be reset: nothing more is written to it,
    /// and it is closed with a reset when the server lets it go.
    pub(super) fn reset(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl Conn {
    pub(super) fn new(stream: TcpStream) -> (Conn, Resetter) {
        let reset = Arc::new(AtomicBool::new(false));
        let resetter = Resetter(reset.clone());
        (Conn { stream, reset }, resetter)
    }

    fn is_reset(&self) -> bool {
        self.reset.load(Ordering::SeqCst)
    }
}

fn broken() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionReset,
        "the fake reset the connection",
    )
}

impl Drop for Conn {
    fn drop(&mut self) {
        if self.is_reset() {
            // A zero linger makes the close a reset. (Tokio deprecates
            // `set_linger` because a lingering close blocks the thread; a
            // zero linger does not wait.)
            #[allow(deprecated)]
            let _ = self.stream.set_linger(Some(std::time::Duration::ZERO));
        }
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.is_reset() {
            return Poll::Ready(Err(broken()));
        }
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.is_reset() {
            return Poll::Ready(Err(broken()));
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.is_reset() {
            return Poll::Ready(Err(broken()));
        }
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.is_reset() {
            return Poll::Ready(Err(broken()));
        }
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.is_reset() {
            // No orderly shutdown: the drop resets.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
