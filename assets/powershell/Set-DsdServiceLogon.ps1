#Requires -Version 5.1
# Changes the account a service logs on as (Win32_Service.Change StartName + StartPassword): to put
# back the original logon. Virtual (NT SERVICE\x) and managed (...$) accounts take an empty password;
# LocalSystem is refused (unsupported for the sync service). The password travels on stdin into
# Invoke-CimMethod only.
# Input:  { "name": "ADSync", "account": "NT SERVICE\\ADSync", "password": "..." (user accounts only) }
# Output: { ok: true, data: { Name, StartName, ReturnValue } }   (StartName read back)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$name = Get-DsdServiceNameField -Object $in
$account = Get-DsdField -Object $in -Name 'account'
$password = Get-DsdField -Object $in -Name 'password'
$in = $null
if (($account -isnot [string]) -or ($account -notmatch '^[^\x00-\x1F"]{1,256}$')) {
    $password = $null
    Write-DsdFailure -Code 'bad-input' -Message 'account: expected an account name like DOMAIN\user, .\user or NT SERVICE\ADSync.'
}
if ($account -match '^(LocalSystem|NT AUTHORITY\\SYSTEM|\.\\LocalSystem)$') {
    $password = $null
    Write-DsdFailure -Code 'bad-input' -Message 'account: LocalSystem is not a supported logon for the sync service.'
}
$managed = ($account -match '^NT SERVICE\\') -or $account.EndsWith('$')
if ($managed) {
    if (($null -ne $password) -and ($password -ne '')) {
        $password = $null
        Write-DsdFailure -Code 'bad-input' -Message ('password: ' + $account + ' is a virtual or managed account; Windows keeps its password.')
    }
    $password = ''
} elseif (($password -isnot [string]) -or ($password.Length -lt 1) -or ($password.Length -gt 256) -or ($password.IndexOf([char]0) -ge 0)) {
    $password = $null
    Write-DsdFailure -Code 'bad-input' -Message 'password: a user account needs its password (1 to 256 characters, without NUL).'
}

$filter = "Name = '" + (ConvertTo-DsdWqlString -Value $name) + "'"
$service = @(Get-CimInstance -ClassName Win32_Service -Filter $filter)
if ($service.Count -eq 0) {
    $password = $null
    Write-DsdFailure -Code 'service-not-found' -Message ("The service '" + $name + "' is not installed on this computer.") -WindowsError 1060
}
if (-not (Test-DsdElevated)) {
    $password = $null
    Write-DsdFailure -Code 'not-elevated' -Message 'Changing a service logon needs an elevated (administrator) session.' -WindowsError 5
}

$returnValue = $null
try {
    $result = Invoke-CimMethod -InputObject $service[0] -MethodName 'Change' -Arguments @{ StartName = $account; StartPassword = $password }
    $returnValue = [int]$result.ReturnValue
} catch {
    $password = $null
    Write-DsdFailure -Code 'service-failed' -Message ("Win32_Service.Change failed for '" + $name + "': " + $_.Exception.Message)
}
$password = $null

switch ($returnValue) {
    0 {
        $after = Get-DsdServiceRecord -Name $name
        Write-DsdResult -Data ([ordered]@{ Name = [string]$name; StartName = [string]$after.StartName; ReturnValue = 0 })
    }
    2 { Write-DsdFailure -Code 'not-elevated' -Message ("Access denied changing the logon of '" + $name + "' (Win32_Service.Change returned 2).") -WindowsError 5 }
    11 { Write-DsdFailure -Code 'service-failed' -Message ("The service database is locked; try again (Win32_Service.Change returned 11).") }
    22 { Write-DsdFailure -Code 'service-failed' -Message ("Windows rejected the logon account " + $account + ' (Win32_Service.Change returned 22: invalid service account).') }
}
Write-DsdFailure -Code 'service-failed' -Message ("Win32_Service.Change returned " + $returnValue + " for '" + $name + "'.")
