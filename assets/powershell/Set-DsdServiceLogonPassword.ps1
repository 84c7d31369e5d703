#Requires -Version 5.1
# Sets the password a service uses for its current logon account (Win32_Service.Change with only
# StartPassword set). The password travels on stdin and into Invoke-CimMethod as an argument
# object; it never reaches a command line, a message or the output.
# Input:  { "name": "ADSync", "password": "..." }
# Output: { ok: true, data: { Name, StartName, ReturnValue } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$name = Get-DsdServiceNameField -Object $in
$password = Get-DsdField -Object $in -Name 'password'
$in = $null
if (($password -isnot [string]) -or ($password.Length -lt 1) -or ($password.Length -gt 256) -or ($password.IndexOf([char]0) -ge 0)) {
    Write-DsdFailure -Code 'bad-input' -Message 'password: expected 1 to 256 characters, without NUL.'
}

$filter = "Name = '" + (ConvertTo-DsdWqlString -Value $name) + "'"
$service = @(Get-CimInstance -ClassName Win32_Service -Filter $filter)
if ($service.Count -eq 0) {
    Write-DsdFailure -Code 'service-not-found' -Message ("The service '" + $name + "' is not installed on this computer.") -WindowsError 1060
}
$account = [string]$service[0].StartName
# Built-in, virtual and managed service accounts have no password an admin could set.
if (($account -match '^(LocalSystem|NT AUTHORITY\\.*|NT SERVICE\\.*)$') -or $account.EndsWith('$')) {
    Write-DsdFailure -Code 'bad-input' -Message ("The service '" + $name + "' logs on as " + $account + ', which has no password to set.')
}
if (-not (Test-DsdElevated)) {
    Write-DsdFailure -Code 'not-elevated' -Message 'Setting a service logon password needs an elevated (administrator) session.' -WindowsError 5
}

$returnValue = $null
try {
    $result = Invoke-CimMethod -InputObject $service[0] -MethodName 'Change' -Arguments @{ StartPassword = $password }
    $returnValue = [int]$result.ReturnValue
} catch {
    $password = $null
    Write-DsdFailure -Code 'service-failed' -Message ("Win32_Service.Change failed for '" + $name + "': " + $_.Exception.Message)
}
$password = $null

# Win32_Service.Change return values (not Win32 error codes).
switch ($returnValue) {
    0 { Write-DsdResult -Data ([ordered]@{ Name = [string]$name; StartName = $account; ReturnValue = 0 }) }
    2 { Write-DsdFailure -Code 'not-elevated' -Message ("Access denied changing the logon of '" + $name + "' (Win32_Service.Change returned 2).") -WindowsError 5 }
    11 { Write-DsdFailure -Code 'service-failed' -Message ("The service database is locked; try again (Win32_Service.Change returned 11).") }
    22 { Write-DsdFailure -Code 'service-failed' -Message ("Windows rejected the logon account " + $account + ' (Win32_Service.Change returned 22: invalid service account).') }
}
Write-DsdFailure -Code 'service-failed' -Message ("Win32_Service.Change returned " + $returnValue + " for '" + $name + "'.")
