#Requires -Version 5.1
# Local user accounts of this server (DirSync's AAD_... service account lives here, not in AD),
# through the WinNT provider: enabled, locked out, password never expires, expired, last set.
# Input:  { "prefix": "AAD_" }   (optional; all local users when absent)
# Output: { ok: true, data: [ { Name, FullName, Enabled, LockedOut, PasswordNeverExpires, PasswordExpired, PasswordLastSet } ] }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$prefix = Get-DsdField -Object $in -Name 'prefix'
if (($null -ne $prefix) -and -not (Test-DsdLocalUserName -Value $prefix)) {
    Write-DsdFailure -Code 'bad-input' -Message 'prefix: expected the start of a local user name (1 to 20 characters, none of \ / " [ ] : | < > + = ; , ? * @).'
}
$users = New-Object System.Collections.ArrayList
$computer = [ADSI]('WinNT://' + [Environment]::MachineName + ',computer')
foreach ($child in $computer.Children) {
    if ($child.SchemaClassName -ne 'User') {
        continue
    }
    if (($null -ne $prefix) -and -not ([string]$child.Name).StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase)) {
        continue
    }
    $null = $users.Add((Get-DsdLocalUserRecord -Entry $child))
}
Write-DsdResult -Data $users.ToArray()
