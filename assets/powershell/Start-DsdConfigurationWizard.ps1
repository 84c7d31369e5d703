#Requires -Version 5.1
# Opens the Entra Connect configuration wizard on this server (KB 2882421 Method 1 step 4: after
# the cloud account's password is reset, the wizard is run again to store it). The program is
# found from HKLM\SOFTWARE\Microsoft\Azure AD Connect, value InstallationPath (the folder differs
# between versions), never from the environment. While it is open the scheduler is suspended.
# Input:  {}
# Output: { ok: true, data: { Path, ProcessId } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
$folder = Get-DsdMachineRegistryValue -SubKey 'SOFTWARE\Microsoft\Azure AD Connect' -Name 'InstallationPath'
if (-not (Test-DsdLocalFolder -Path $folder)) {
    Write-DsdFailure -Code 'not-supported' -Message 'The Entra Connect wizard was not found (no InstallationPath under HKLM\SOFTWARE\Microsoft\Azure AD Connect). DirSync and AADSync have their own configuration programs; open them from the Start menu.'
}
$wizard = [System.IO.Path]::Combine($folder, 'AzureADConnect.exe')
if (-not [System.IO.File]::Exists($wizard)) {
    Write-DsdFailure -Code 'not-supported' -Message ('The Entra Connect wizard is not at ' + $wizard + '.')
}
if (-not (Test-DsdElevated)) {
    Write-DsdFailure -Code 'not-elevated' -Message 'The configuration wizard needs an elevated (administrator) session.' -WindowsError 5
}
$process = Start-Process -FilePath $wizard -PassThru
Write-DsdResult -Data ([ordered]@{ Path = $wizard; ProcessId = [int]$process.Id })
