#Requires -Version 5.1
# Writes the TLS 1.2 values that are not right yet (DWORDs: .NET SchUseStrongCrypto = 1 and
# SystemDefaultTlsVersions = 1 in both views; SCHANNEL TLS 1.2 Client and Server Enabled = 1,
# DisabledByDefault = 0). Windows reads them at boot: a reboot is needed afterwards.
# Input:  {}
# Output: { ok: true, data: { Changed: [ 'path\value' ], RebootRequired, Settings: <as Get-DsdTlsSettings> } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
if (-not (Test-DsdElevated)) {
    Write-DsdFailure -Code 'not-elevated' -Message 'Writing the TLS settings needs an elevated (administrator) session.' -WindowsError 5
}
$changed = New-Object System.Collections.ArrayList
foreach ($target in (Get-DsdTlsTargets)) {
    $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, $target.View)
    try {
        $key = $base.CreateSubKey($target.Path)
        try {
            $current = $key.GetValue($target.Value)
            if (($null -eq $current) -or ([int]$current -ne $target.Wanted) -or ($key.GetValueKind($target.Value) -ne [Microsoft.Win32.RegistryValueKind]::DWord)) {
                $key.SetValue($target.Value, [int]$target.Wanted, [Microsoft.Win32.RegistryValueKind]::DWord)
                $null = $changed.Add($target.Label)
            }
        } finally {
            $key.Close()
        }
    } finally {
        $base.Close()
    }
}
Write-DsdResult -Data ([ordered]@{ Changed = $changed.ToArray(); RebootRequired = ($changed.Count -gt 0); Settings = (Read-DsdTlsSettings) })
