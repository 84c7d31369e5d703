#Requires -Version 5.1
# Sets a new password on a local user (WinNT SetPassword). The password travels on stdin and into
# the SetPassword method only; it never reaches a command line, a message or the output.
# Input:  { "name": "AAD_0123456789ab", "password": "..." }
# Output: { ok: true, data: <one record as Get-DsdLocalUsers> }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$name = Get-DsdField -Object $in -Name 'name'
$password = Get-DsdField -Object $in -Name 'password'
$in = $null
if (-not (Test-DsdLocalUserName -Value $name)) {
    $password = $null
    Write-DsdFailure -Code 'bad-input' -Message 'name: expected a local user name (1 to 20 characters, none of \ / " [ ] : | < > + = ; , ? * @).'
}
if (($password -isnot [string]) -or ($password.Length -lt 1) -or ($password.Length -gt 256) -or ($password.IndexOf([char]0) -ge 0)) {
    $password = $null
    Write-DsdFailure -Code 'bad-input' -Message 'password: expected 1 to 256 characters, without NUL.'
}
if (-not (Test-DsdElevated)) {
    $password = $null
    Write-DsdFailure -Code 'not-elevated' -Message 'Resetting a local password needs an elevated (administrator) session.' -WindowsError 5
}
$user = Get-DsdLocalUserEntry -Name $name
try {
    $null = $user.Invoke('SetPassword', [object[]]@($password))
} catch {
    $password = $null
    # The message of a policy failure (complexity, history) names no password.
    Write-DsdFailure -Code 'password-rejected' -Message ("Windows refused the new password for '" + $name + "': " + $_.Exception.GetBaseException().Message)
}
$password = $null
$user.RefreshCache()
Write-DsdResult -Data (Get-DsdLocalUserRecord -Entry $user)
