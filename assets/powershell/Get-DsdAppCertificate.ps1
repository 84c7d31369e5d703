#Requires -Version 5.1
# The certificate Entra Connect (2.5.3.0+) signs in to Entra ID with, read only: where it is kept and
# its dates.
# What Microsoft documents (Authenticate to Microsoft Entra ID by using application identity):
#   - Get-ADSyncEntraConnectorCredential returns ConnectorIdentityType: ServiceAccount or Application;
#   - a certificate Connect manages is kept in the CURRENT_USER store of the account the sync service
#     runs as; one the administrator brings (BYOC, BYOA) in the LOCAL_MACHINE store;
#   - the wizard's "View or export current configuration" shows its thumbprint, SHA256 hash and dates.
# Not documented: the names of the cmdlet's other properties. So no name is assumed: a thumbprint is
# taken only from a property whose name contains "Thumbprint" and whose value is 40 hex digits, or a
# SHA-256 hash from one whose name contains "SHA256" and whose value is 64 hex digits, and the name
# of that property is reported. When there is none, Problem says so and the app reads the events.
# The service account's own store is read from its registry hive (loaded while the service runs):
# HKEY_USERS\<SID>\Software\Microsoft\SystemCertificates\My\Certificates\<thumbprint>, value Blob,
# the stored certificate context: records of (property id, reserved, length, bytes); id 32 holds
# the encoded certificate.
# Input:  { "name": "ADSync" }  (the sync engine service: its logon account owns the store)
# Output: { ok: true, data: { IdentityType, ThumbprintProperty,
#           Certificate: null | { Store ('ServiceAccount'|'LocalMachine'), Account, Thumbprint, Subject, NotBefore, NotAfter },
#           Problem } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$name = Get-DsdServiceNameField -Object $in

$answer = [ordered]@{ IdentityType = $null; ThumbprintProperty = $null; Certificate = $null; Problem = $null }

if (-not ((Import-DsdAdSyncModule) -and (Test-DsdCommandExists -Name 'Get-ADSyncEntraConnectorCredential'))) {
    $answer.Problem = 'This sync tool has no Get-ADSyncEntraConnectorCredential (Entra Connect 2.5.3.0 and later have it).'
    Write-DsdResult -Data $answer
}
$credential = Get-ADSyncEntraConnectorCredential
$identity = [string](Get-DsdField -Object $credential -Name 'ConnectorIdentityType')
if ($identity -eq 'Application' -or $identity -eq 'ServiceAccount') {
    $answer.IdentityType = $identity
}
if ($identity -ne 'Application') {
    $answer.Problem = 'The Entra connector does not sign in as an application, so it has no certificate.'
    Write-DsdResult -Data $answer
}

# The certificate's identity, from whichever property carries one (see the header).
$thumbprint = $null
$sha256 = $null
foreach ($property in @($credential.PSObject.Properties)) {
    $value = ([string]$property.Value) -replace '\s', ''
    if (($null -eq $thumbprint) -and ($property.Name -match 'Thumbprint') -and ($value -match '^[0-9A-Fa-f]{40}$')) {
        $thumbprint = $value.ToUpperInvariant()
        $answer.ThumbprintProperty = [string]$property.Name
    } elseif (($null -eq $sha256) -and ($property.Name -match 'SHA256') -and ($value -match '^[0-9A-Fa-f]{64}$')) {
        $sha256 = $value.ToUpperInvariant()
        if ($null -eq $answer.ThumbprintProperty) {
            $answer.ThumbprintProperty = [string]$property.Name
        }
    }
}
if (($null -eq $thumbprint) -and ($null -eq $sha256)) {
    $answer.Problem = 'Get-ADSyncEntraConnectorCredential names no certificate thumbprint or SHA256 hash on this build, so the certificate cannot be found in a store.'
    Write-DsdResult -Data $answer
}

function Get-DsdCertificateSha256 {
    param([Parameter(Mandatory = $true)] [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate)
    $hasher = [System.Security.Cryptography.SHA256]::Create()
    try {
        return (($hasher.ComputeHash($Certificate.RawData) | ForEach-Object { $_.ToString('X2') }) -join '')
    } finally {
        $hasher.Dispose()
    }
}

function Test-DsdWantedCertificate {
    param([Parameter(Mandatory = $true)] [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate)
    if (($null -ne $thumbprint) -and ($Certificate.Thumbprint.ToUpperInvariant() -eq $thumbprint)) {
        return $true
    }
    return ($null -ne $sha256) -and ((Get-DsdCertificateSha256 -Certificate $Certificate) -eq $sha256)
}

# The encoded certificate inside a stored context (property 32), or $null when the blob has none.
function ConvertFrom-DsdCertificateBlob {
    param([Parameter(Mandatory = $true)] [byte[]] $Blob)
    $offset = 0
    while (($offset + 12) -le $Blob.Length) {
        $id = [BitConverter]::ToUInt32($Blob, $offset)
        $length = [BitConverter]::ToUInt32($Blob, $offset + 8)
        $start = $offset + 12
        if (($start + $length) -gt $Blob.Length) {
            return $null
        }
        if ($id -eq 32) {
            $bytes = New-Object byte[] $length
            [Array]::Copy($Blob, $start, $bytes, 0, $length)
            return New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (, $bytes)
        }
        $offset = $start + $length
    }
    return $null
}

function New-DsdCertificateAnswer {
    param([string] $Store, [AllowNull()] [string] $Account, [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate)
    return [ordered]@{
        Store      = $Store
        Account    = $Account
        Thumbprint = $Certificate.Thumbprint.ToUpperInvariant()
        Subject    = [string]$Certificate.Subject
        NotBefore  = (ConvertTo-DsdIsoDate -Value $Certificate.NotBefore)
        NotAfter   = (ConvertTo-DsdIsoDate -Value $Certificate.NotAfter)
    }
}

# 1. The sync service account's own personal store (a certificate Connect manages).
$record = Get-DsdServiceRecord -Name $name
$account = $null
$hiveProblem = $null
if ($null -eq $record) {
    $hiveProblem = "the service '" + $name + "' is not installed"
} else {
    $account = [string]$record.StartName
    $sid = $null
    try {
        $sid = (New-Object System.Security.Principal.NTAccount($account)).Translate([System.Security.Principal.SecurityIdentifier]).Value
    } catch {
        $hiveProblem = 'its logon account ' + $account + ' could not be resolved to a SID'
    }
    if ($null -ne $sid) {
        $users = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::Users, [Microsoft.Win32.RegistryView]::Default)
        $certificates = $users.OpenSubKey($sid + '\Software\Microsoft\SystemCertificates\My\Certificates')
        if ($null -eq $certificates) {
            $hiveProblem = 'the personal store of ' + $account + ' is not loaded (it is while the service runs)'
        } else {
            try {
                foreach ($keyName in $certificates.GetSubKeyNames()) {
                    if (($null -ne $thumbprint) -and ($keyName.ToUpperInvariant() -ne $thumbprint)) {
                        continue
                    }
                    $entry = $certificates.OpenSubKey($keyName)
                    if ($null -eq $entry) {
                        continue
                    }
                    $blob = $entry.GetValue('Blob')
                    $entry.Close()
                    if ($blob -isnot [byte[]]) {
                        continue
                    }
                    $certificate = ConvertFrom-DsdCertificateBlob -Blob $blob
                    if (($null -ne $certificate) -and (Test-DsdWantedCertificate -Certificate $certificate)) {
                        $answer.Certificate = New-DsdCertificateAnswer -Store 'ServiceAccount' -Account $account -Certificate $certificate
                        Write-DsdResult -Data $answer
                    }
                }
            } finally {
                $certificates.Close()
            }
        }
    }
}

# 2. The computer's personal store (a certificate the administrator brings).
foreach ($certificate in @(Get-ChildItem -LiteralPath 'Cert:\LocalMachine\My')) {
    if (Test-DsdWantedCertificate -Certificate $certificate) {
        $answer.Certificate = New-DsdCertificateAnswer -Store 'LocalMachine' -Account $null -Certificate $certificate
        Write-DsdResult -Data $answer
    }
}

if ($null -ne $hiveProblem) {
    $answer.Problem = 'The certificate the connector names is not in the computer''s personal store, and the sync service account''s store was not read: ' + $hiveProblem + '.'
} else {
    $answer.Problem = 'The certificate the connector names is in neither the personal store of ' + $account + ' nor the computer''s personal store.'
}
Write-DsdResult -Data $answer
