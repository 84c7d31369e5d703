#Requires -Version 5.1
# Changes a local user's flags: enable/disable, "password never expires", unlock; then reads it back.
# Input:  { "name": "AAD_0123456789ab", "enabled": bool?, "passwordNeverExpires": bool?, "unlock": true? }
# Output: { ok: true, data: <one record as Get-DsdLocalUsers> }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$name = Get-DsdField -Object $in -Name 'name'
if (-not (Test-DsdLocalUserName -Value $name)) {
    Write-DsdFailure -Code 'bad-input' -Message 'name: expected a local user name (1 to 20 characters, none of \ / " [ ] : | < > + = ; , ? * @).'
}
$enabled = Get-DsdField -Object $in -Name 'enabled'
$neverExpires = Get-DsdField -Object $in -Name 'passwordNeverExpires'
$unlock = Get-DsdField -Object $in -Name 'unlock'
foreach ($pair in @(@('enabled', $enabled), @('passwordNeverExpires', $neverExpires), @('unlock', $unlock))) {
    if (($null -ne $pair[1]) -and ($pair[1] -isnot [bool])) {
        Write-DsdFailure -Code 'bad-input' -Message ($pair[0] + ': expected true or false.')
    }
}
if (($null -eq $enabled) -and ($null -eq $neverExpires) -and ($unlock -ne $true)) {
    Write-DsdFailure -Code 'bad-input' -Message 'Nothing to change: give enabled, passwordNeverExpires or unlock.'
}
if (-not (Test-DsdElevated)) {
    Write-DsdFailure -Code 'not-elevated' -Message 'Changing a local user needs an elevated (administrator) session.' -WindowsError 5
}

$user = Get-DsdLocalUserEntry -Name $name
$flags = [int]($user.Properties['UserFlags'].Value)
if ($null -ne $enabled) {
    if ($enabled) { $flags = $flags -band (-bnot 0x2) } else { $flags = $flags -bor 0x2 }
}
if ($null -ne $neverExpires) {
    if ($neverExpires) { $flags = $flags -bor 0x10000 } else { $flags = $flags -band (-bnot 0x10000) }
}
if ($unlock -eq $true) {
    $flags = $flags -band (-bnot 0x10)
}
$user.Properties['UserFlags'].Value = $flags
$user.CommitChanges()
$user.RefreshCache()
Write-DsdResult -Data (Get-DsdLocalUserRecord -Entry $user)
