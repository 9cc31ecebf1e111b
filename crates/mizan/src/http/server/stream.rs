//! A connection whose first request opens an event stream, served without hyper: its request's
//! head peeked, the response's head and opening events written, then handed to a [`Fanout`].

use super::*;

/// What a connection's first request is.
pub(super) enum First {
    /// A stream of `streams`, whose request's head is that many bytes.
    Stream(usize, EventStream),
    /// Anything else, for the router (nothing was read off the connection).
    Other,
    /// The client went away, or sent nothing in time.
    Gone,
}

pub(super) async fn first_request(tcp: &TcpStream, streams: &Streams) -> First {
    let mut head = vec![0u8; STREAM_HEAD_MAX];
    let n = match tokio::time::timeout(HEAD_TIMEOUT, tcp.peek(&mut head)).await {
        Ok(Ok(0) | Err(_)) | Err(_) => return First::Gone,
        Ok(Ok(n)) => n,
    };
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut request = httparse::Request::new(&mut headers);
    // A head not whole yet (or too long, or not HTTP) is the router's: hyper reads it its way.
    let Ok(httparse::Status::Complete(head_len)) = request.parse(&head[..n]) else {
        return First::Other;
    };
    let (Some("GET"), Some(path)) = (request.method, request.path) else {
        return First::Other;
    };
    match streams(path).await {
        Some(stream) => First::Stream(head_len, stream),
        None => First::Other,
    }
}

/// Sends a stream's response on its connection, then keeps its seat: writes what the fanout
/// could not write at once, until the phone goes away, falls too far behind, or the server stops.
pub(super) async fn send_stream(
    mut tcp: TcpStream,
    head_len: usize,
    stream: EventStream,
    mut stop: watch::Receiver<bool>,
) {
    // The request's head, peeked so far, is taken off the connection (it is already there).
    let mut request = vec![0u8; head_len];
    if tcp.read_exact(&mut request).await.is_err() {
        return;
    }
    drop(request);
    let mut response = String::from("HTTP/1.1 200 OK\r\n");
    for (name, value) in &stream.headers {
        if let Ok(value) = value.to_str() {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    response.push_str("connection: close\r\n\r\n");
    if send(&tcp, response.as_bytes()).await.is_err() {
        return;
    }
    drop(response);
    for bytes in stream.opening {
        if send(&tcp, &bytes).await.is_err() {
            return;
        }
    }
    let seat = stream.seat;
    let tcp = Arc::new(tcp);
    // From now on the fanout writes straight on the connection, whenever nothing waits before.
    seat.place.lock().tcp = Some(tcp.clone());
    // Made once, not once per wait: each registers with the connection or the stop signal.
    let mut gone = std::pin::pin!(went_away(&tcp));
    let mut stopped = std::pin::pin!(stop.changed());
    // How much of the first thing waiting is written.
    let mut written = 0;
    loop {
        let waiting = {
            let place = seat.place.lock();
            if place.closed {
                return;
            }
            place.waiting.front().cloned()
        };
        // What waits is taken off only once written whole: meanwhile the fanout queues behind.
        if let Some(bytes) = &waiting {
            match tcp.try_write(&bytes[written..]) {
                Ok(n) => {
                    written += n;
                    if written == bytes.len() {
                        let mut place = seat.place.lock();
                        place.waiting.pop_front();
                        place.behind -= written;
                        written = 0;
                    }
                    continue;
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            }
        }
        // Wait for room on the connection (if something waits), or for the fanout to queue
        // more or close the seat.
        let writable = async {
            if waiting.is_some() {
                tcp.writable().await
            } else {
                std::future::pending().await
            }
        };
        tokio::select! {
            ready = writable => if ready.is_err() { return },
            () = seat.place.wake.notified() => {}
            () = &mut gone => return,
            // The server stops (the value only ever turns true).
            _ = &mut stopped => return,
        }
    }
}

/// Resolves when the phone has gone away: it sends nothing more on a stream's connection, so
/// anything to read is its end (or its misbehaviour, read and dropped).
pub(super) async fn went_away(tcp: &TcpStream) {
    let mut scrap = [0u8; 64];
    loop {
        if tcp.readable().await.is_err() {
            return;
        }
        match tcp.try_read(&mut scrap) {
            Ok(0) => return,
            Err(e) if e.kind() != std::io::ErrorKind::WouldBlock => return,
            _ => {}
        }
    }
}

/// Writes all of `bytes` (at once, unless the phone's window is full).
pub(super) async fn send(tcp: &TcpStream, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match tcp.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => tcp.writable().await?,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
