//! TLS set-up: reqwest is built with rustls but no crypto provider (to avoid aws-lc's long
//! build); the `ring` provider must be installed once per process before the first client.

/// Installs rustls' `ring` crypto provider as the process default. Safe to call many times:
/// a provider already installed (by us or anyone else) is kept.
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another installer is fine: some provider is then in place.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
