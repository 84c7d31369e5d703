#Requires -Version 5.1
# The TLS 1.2 registry values a sync server needs (reference-connect-tls-enforcement):
#   HKLM\SOFTWARE\[WOW6432Node\]Microsoft\.NETFramework\v4.0.30319  SchUseStrongCrypto, SystemDefaultTlsVersions
#   HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\{Client,Server}  Enabled, DisabledByDefault
# A value (or key) that does not exist is null.
# Input:  {}
# Output: { ok: true, data: { NetFramework64: { SchUseStrongCrypto, SystemDefaultTlsVersions }, NetFramework32: {...},
#           SchannelClient: { Enabled, DisabledByDefault }, SchannelServer: {...} } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
Write-DsdResult -Data (Read-DsdTlsSettings)
