#Requires -Version 5.1
# Turns the export deletion threshold on (with a value) or off. These cmdlets sign in to Entra ID:
# current builds take -AADUserName and open an interactive sign-in (impossible here), older ones take
# -AADCredential. With no credential, or a build that only signs in interactively, the answer is
# cloud-sign-in-required and the admin runs the cmdlet by hand. The password never reaches a
# command line or the output.
# Input:  { "enabled": bool, "value": 1..100000 (when enabled), "userName": "...", "password": "..." }
# Output: { ok: true, data: { Enabled, Value } }   (read back from the global settings)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$enabled = Get-DsdField -Object $in -Name 'enabled'
if ($enabled -isnot [bool]) {
    Write-DsdFailure -Code 'bad-input' -Message 'enabled: expected true or false.'
}
$value = Get-DsdField -Object $in -Name 'value'
if ($enabled -and -not (Test-DsdInteger -Value $value -Min 1 -Max 100000)) {
    Write-DsdFailure -Code 'bad-input' -Message 'value: expected a whole number from 1 to 100000.'
}
$userName = Get-DsdField -Object $in -Name 'userName'
$password = Get-DsdField -Object $in -Name 'password'
$in = $null
if ($null -eq $userName) {
    $password = $null
    Write-DsdFailure -Code 'cloud-sign-in-required' -Message 'Changing the deletion threshold signs in to Entra ID: a cloud administrator must run the command on the server.'
}
if (($userName -isnot [string]) -or ($userName -notmatch '^[^\s@]{1,64}@[A-Za-z0-9.-]{1,253}$')) {
    $password = $null
    Write-DsdFailure -Code 'bad-input' -Message 'userName: expected a user principal name like admin@contoso.onmicrosoft.com.'
}
if (($password -isnot [string]) -or ($password.Length -lt 1) -or ($password.Length -gt 256)) {
    $password = $null
    Write-DsdFailure -Code 'bad-input' -Message 'password: expected 1 to 256 characters.'
}
if (-not (Test-DsdElevated)) {
    $password = $null
    Write-DsdFailure -Code 'not-elevated' -Message 'Changing the deletion threshold needs an elevated (administrator) session.' -WindowsError 5
}
$cmdletName = 'Disable-ADSyncExportDeletionThreshold'
if ($enabled) {
    $cmdletName = 'Enable-ADSyncExportDeletionThreshold'
}
if (-not ((Import-DsdAdSyncModule) -and (Test-DsdCommandExists -Name $cmdletName))) {
    $password = $null
    Write-DsdFailure -Code 'not-supported' -Message ($cmdletName + ' is not available with this sync tool.')
}
if (-not (Get-Command -Name $cmdletName).Parameters.ContainsKey('AADCredential')) {
    $password = $null
    Write-DsdFailure -Code 'cloud-sign-in-required' -Message ('This build signs ' + $cmdletName + ' in to Entra ID interactively (-AADUserName): a cloud administrator must run it on the server.')
}
$secure = New-Object System.Security.SecureString
foreach ($c in $password.ToCharArray()) {
    $secure.AppendChar($c)
}
$password = $null
$secure.MakeReadOnly()
$credential = New-Object System.Management.Automation.PSCredential -ArgumentList @($userName, $secure)
if ($enabled) {
    Enable-ADSyncExportDeletionThreshold -DeletionThreshold ([int]$value) -AADCredential $credential
} else {
    Disable-ADSyncExportDeletionThreshold -AADCredential $credential
}
$credential = $null
$settings = Get-DsdGlobalSettings
$answer = [ordered]@{ Enabled = $null; Value = $null }
if ($settings.ContainsKey('Microsoft.OptionalFeature.ExportDeletionThreshold')) {
    $answer.Enabled = ([string]$settings['Microsoft.OptionalFeature.ExportDeletionThreshold']) -eq 'True'
}
if ($settings.ContainsKey('Microsoft.OptionalFeature.ExportDeletionThresholdValue')) {
    $answer.Value = [int]$settings['Microsoft.OptionalFeature.ExportDeletionThresholdValue']
}
Write-DsdResult -Data $answer
