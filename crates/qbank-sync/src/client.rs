//! The AnkiConnect client: JSON over HTTP (ureq), API version 6, several
//! actions in one request with `multi`.

use crate::Error;
use serde_json::{Value, json};
use std::cell::Cell;
use std::time::Duration;

/// The API version qbank speaks (and the oldest AnkiConnect it accepts).
pub const API_VERSION: u64 = 6;

/// The address AnkiConnect listens on by default.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8765";

/// A connection to AnkiConnect.
pub struct Client {
    agent: ureq::Agent,
    url: String,
    key: Option<String>,
    requests: Cell<usize>,
}

impl Client {
    /// A client of the AnkiConnect at `url`, sending `key` (its `apiKey`
    /// setting) with every action when given.
    #[must_use]
    pub fn new(url: &str, key: Option<String>) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(5)))
            .http_status_as_error(false)
            // AnkiConnect closes each connection after its answer: a
            // connection kept for the next request would be reset.
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .build();
        Client {
            agent: config.into(),
            url: url.to_owned(),
            key,
            requests: Cell::new(0),
        }
    }

    /// How many HTTP requests were sent so far.
    #[must_use]
    pub fn requests(&self) -> usize {
        self.requests.get()
    }

    /// Check that AnkiConnect answers, speaks API version 6 or later, and
    /// takes the key.
    ///
    /// # Errors
    ///
    /// [`Error::NotRunning`], [`Error::OldAnkiConnect`], [`Error::WrongKey`]
    /// or [`Error::NotAnkiConnect`].
    pub fn check(&self) -> Result<(), Error> {
        let answer = self.post(&self.request("version", json!({})))?;
        // Before API version 5, AnkiConnect answered the bare result.
        if let Some(v) = answer.as_u64() {
            return Err(Error::OldAnkiConnect { version: v });
        }
        let version = self.result("version", answer)?;
        match version.as_u64() {
            Some(v) if v >= API_VERSION => Ok(()),
            Some(v) => Err(Error::OldAnkiConnect { version: v }),
            None => Err(self.not_anki_connect(&format!("`version` answered {version}"))),
        }
    }

    /// One action; its result.
    ///
    /// # Errors
    ///
    /// When AnkiConnect cannot be reached or the action fails.
    pub fn call(&self, action: &str, params: Value) -> Result<Value, Error> {
        let answer = self.post(&self.request(action, params))?;
        self.result(action, answer)
    }

    /// Several actions in one request (`multi`); their results, in order.
    ///
    /// # Errors
    ///
    /// When AnkiConnect cannot be reached or any action fails.
    pub fn multi(&self, actions: Vec<(&str, Value)>) -> Result<Vec<Value>, Error> {
        if actions.is_empty() {
            return Ok(Vec::new());
        }
        let names: Vec<&str> = actions.iter().map(|(name, _)| *name).collect();
        let list: Vec<Value> = actions
            .into_iter()
            .map(|(name, params)| self.request(name, params))
            .collect();
        let answer = self.call("multi", json!({ "actions": list }))?;
        let Value::Array(answers) = answer else {
            return Err(self.not_anki_connect("`multi` did not answer a list"));
        };
        if answers.len() != names.len() {
            return Err(self.not_anki_connect("`multi` answered another number of results"));
        }
        names
            .into_iter()
            .zip(answers)
            .map(|(name, answer)| self.result(name, answer))
            .collect()
    }

    fn request(&self, action: &str, params: Value) -> Value {
        let mut request = json!({ "action": action, "version": API_VERSION, "params": params });
        if let (Some(key), Value::Object(map)) = (&self.key, &mut request) {
            map.insert("key".to_owned(), Value::String(key.clone()));
        }
        request
    }

    /// Send one request; AnkiConnect's answer, as JSON.
    fn post(&self, body: &Value) -> Result<Value, Error> {
        self.requests.set(self.requests.get() + 1);
        let mut response =
            self.agent
                .post(&self.url)
                .send_json(body)
                .map_err(|err| Error::NotRunning {
                    url: self.url.clone(),
                    detail: err.to_string(),
                })?;
        // notesInfo of a large deck is tens of megabytes.
        response
            .body_mut()
            .with_config()
            .limit(1 << 32)
            .read_json::<Value>()
            .map_err(|err| self.not_anki_connect(&err.to_string()))
    }

    /// An answer of API version 6 (`{"result": …, "error": …}`) as a result.
    fn result(&self, action: &str, answer: Value) -> Result<Value, Error> {
        let Value::Object(mut map) = answer else {
            return Err(self.not_anki_connect("an answer is not a JSON object"));
        };
        match map.remove("error") {
            None => Err(self.not_anki_connect("an answer has no `error` member")),
            Some(Value::Null) => Ok(map.remove("result").unwrap_or(Value::Null)),
            Some(error) => {
                let message = error
                    .as_str()
                    .map_or_else(|| error.to_string(), str::to_owned);
                if message.contains("api key") {
                    return Err(Error::WrongKey);
                }
                if message.contains("unsupported action") && action != "multi" {
                    return Err(Error::OldAnkiConnect { version: 0 });
                }
                Err(Error::Action {
                    action: action.to_owned(),
                    message,
                })
            }
        }
    }

    fn not_anki_connect(&self, detail: &str) -> Error {
        Error::NotAnkiConnect {
            url: self.url.clone(),
            detail: detail.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};

    /// A server that answers every request with `answer`; its URL.
    fn serve(answer: &'static str) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(&stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let mut stream = &stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        url
    }

    #[test]
    fn a_wrong_key_an_old_add_on_and_something_else_say_what_to_do() {
        let refused = r#"{"result": null, "error": "valid api key must be provided"}"#;
        let err = Client::new(&serve(refused), Some("k".to_owned())).check();
        assert!(matches!(err, Err(Error::WrongKey)), "{err:?}");
        assert!(Error::WrongKey.to_string().contains("QBANK_ANKI_KEY"));
        let err = Client::new(&serve("4"), None).check();
        assert!(
            matches!(err, Err(Error::OldAnkiConnect { version: 4 })),
            "{err:?}"
        );
        let err = Client::new(&serve(r#"{"result": 5, "error": null}"#), None).check();
        assert!(
            matches!(err, Err(Error::OldAnkiConnect { version: 5 })),
            "{err:?}"
        );
        let err = Client::new(&serve("[]"), None).check();
        assert!(matches!(err, Err(Error::NotAnkiConnect { .. })), "{err:?}");
        let ok = Client::new(&serve(r#"{"result": 6, "error": null}"#), None);
        assert!(ok.check().is_ok());
        assert_eq!(ok.requests(), 1);
    }
}
