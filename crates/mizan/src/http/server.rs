//! The HTTP server: HTTP/1.1 on a TCP listener, each connection served by hyper, until a shutdown
//! signal, after which the requests in flight finish.
//!
//! Mizan speaks HTTP/1.1, to browsers directly or to the TLS proxy in front of it (browsers speak
//! HTTP/2 only over TLS). Served by hyper's HTTP/1 connection alone, a live screen of the Policy
//! Café holds about 11 KiB of memory; `axum::serve`, which first tells HTTP/1 from HTTP/2 on every
//! connection, held 20 (bench/cafe measures it).

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

/// Serves `router` on `listener` until `shutdown` resolves; then stops accepting, lets every
/// connection finish the request it is serving, and returns once all are closed. Handlers see the
/// peer's address as `ConnectInfo<SocketAddr>`.
pub async fn serve(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()>) {
    // Each connection holds a receiver; the sender's `closed` resolves when the last one is gone.
    let (stopping, stop) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // the listener itself is fine; wait a little rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Live screens get small writes one after another: without TCP_NODELAY each could wait
        // for the previous one's acknowledgement (Nagle's algorithm against delayed ACKs).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
        tokio::spawn(connection(tcp, peer, router.clone(), stop.clone()));
    }
    stopping.send(true).ok();
    drop(stop);
    stopping.closed().await;
}

async fn connection(
    tcp: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    let service = TowerToHyperService::new(router.map_request(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    }));
    let mut builder = hyper::server::conn::http1::Builder::new();
    // The timer bounds how long a client may take to send a request's head (30 s).
    builder.timer(TokioTimer::new());
    let mut conn = std::pin::pin!(builder.serve_connection(TokioIo::new(tcp), service));
    tokio::select! {
        served = conn.as_mut() => {
            if let Err(e) = served {
                tracing::debug!(error = %e, "connection ended");
            }
            return;
        }
        _ = stop.wait_for(|stopping| *stopping) => conn.as_mut().graceful_shutdown(),
    }
    if let Err(e) = conn.await {
        tracing::debug!(error = %e, "connection ended");
    }
}
